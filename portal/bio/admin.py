"""Back office of the bio cards and skills (``ScopedModelAdmin``: rows and rights come from the abilities layer).

Cards are scoped like the people: a structure admin sees the cards of the people of their subtrees. The back office
never shows a card's fields (they have their own visibilities): it links to the card page, where the admin reads
what a signed-in colleague reads, and offers one action, hiding the card with a reason sent to its owner (or showing
it again). Nobody creates, edits or deletes another person's card here. Skills are for global admins: rename (a name
already used merges the two), merge, delete, all through the services.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.core.admin_scoping import (
    FoldedSearchMixin,
    GlobalAdminOnlyModelAdmin,
    ScopedModelAdmin,
    StructureSubtreeListFilter,
)
from portal.users.abilities import back_office_users_filter
from portal.users.models import User

from . import services
from .abilities import may_moderate
from .models import Card, Skill


class CardStructureFilter(StructureSubtreeListFilter):
    structure_field = "user__structure"


class CardAdminForm(forms.ModelForm):
    class Meta:
        model = Card
        fields = ["moderated", "moderation_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("moderated") and not " ".join(str(cleaned.get("moderation_reason") or "").split()):
            self.add_error("moderation_reason", _("Indiquez le motif du masquage."))
        return cleaned

    def _post_clean(self):
        """The service writes (and checks) the change."""


@admin.register(Card)
class CardAdmin(FoldedSearchMixin, ScopedModelAdmin):
    form = CardAdminForm
    list_display = ["public_name", "user", "published", "moderated", "checked", "updated_at"]
    list_filter = ["published", "moderated", CardStructureFilter]
    search_fields = ["search_text"]
    list_select_related = ["user"]
    readonly_fields = ["public_name", "user", "card_page", "published", "checked", "updated_at"]
    fields = ["public_name", "user", "card_page", "published", "checked", "updated_at", "moderated"]
    fields += ["moderation_reason"]
    actions = None

    def scope_queryset(self, request, queryset):
        people = User.objects.filter(back_office_users_filter(request.user)).values("pk")
        return queryset.filter(user__in=people)

    def get_abilities(self, user, obj):
        moderate = may_moderate(user, obj)
        return {"view": moderate, "update": moderate, "delete": False}

    def can_add(self, request):
        return False

    @admin.display(description=_("page de la carte"))
    def card_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    def save_model(self, request, obj, form, change):
        try:
            if form.cleaned_data["moderated"]:
                services.moderate_card(request.user, obj, form.cleaned_data["moderation_reason"])
            else:
                services.restore_card(request.user, obj)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)


@admin.register(Skill)
class SkillAdmin(FoldedSearchMixin, GlobalAdminOnlyModelAdmin):
    list_display = ["name", "card_count"]
    search_fields = ["folded"]
    fields = ["name"]
    actions = ["merge_selected"]

    def can_add(self, request):
        return False  # skills come from the cards

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(card_count=Count("cards"))

    @admin.display(description=_("cartes"), ordering="card_count")
    def card_count(self, obj):
        return obj.card_count

    def save_model(self, request, obj, form, change):
        try:
            kept = services.rename_skill(request.user, Skill.objects.get(pk=obj.pk), obj.name)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        if kept.pk != obj.pk:
            self.message_user(request, _("Cette compétence existait déjà : les deux sont fusionnées."), messages.INFO)

    def delete_model(self, request, obj):
        services.delete_skill(request.user, obj)

    def delete_queryset(self, request, queryset):
        for skill in queryset:
            services.delete_skill(request.user, skill)

    @admin.action(description=_("Fusionner dans la compétence la plus utilisée"))
    def merge_selected(self, request, queryset):
        skills = sorted(queryset, key=lambda skill: (-skill.card_count, skill.folded))
        if len(skills) < 2:
            self.message_user(request, _("Choisissez au moins deux compétences."), messages.WARNING)
            return
        services.merge_skills(request.user, skills[0], skills[1:])
        self.message_user(request, _("Compétences fusionnées dans « %(name)s ».") % {"name": skills[0].name})
