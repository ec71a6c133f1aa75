"""Back office of the blog (``ScopedModelAdmin``: rows and rights come from the abilities layer).

Articles: a global admin sees them all, a structure admin those of their subtree (``StructureSubtreeListFilter``);
nobody edits an article's text here (only its author does, on the site). Moderators unpublish or delete, through the
services, which tell the author (the back office gives the reason). Tags: global admins only; a rename goes through
the service (lower case, unique), and "merge into..." is an action.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.abilities import is_global_admin
from portal.core.admin_scoping import (
    FoldedSearchMixin,
    GlobalAdminOnlyModelAdmin,
    ScopedModelAdmin,
    StructureSubtreeListFilter,
)
from portal.structures.abilities import administered_paths

from . import services
from .abilities import get_article_abilities
from .models import Article, Tag

ADMIN_REASON = _("Retiré par l'administration du portail.")


@admin.register(Article)
class ArticleAdmin(FoldedSearchMixin, ScopedModelAdmin):
    list_display = ["title", "author", "structure", "visibility", "is_draft", "published_at", "visits"]
    list_filter = [StructureSubtreeListFilter, "visibility", "is_draft", "licence"]
    search_fields = ["search_text", "slug"]
    list_select_related = ["author", "structure"]
    readonly_fields = [
        "title", "slug", "author", "structure", "summary", "content", "licence", "visibility", "is_draft",
        "published_at", "updated_at", "visits", "tags", "groups",
    ]  # fmt: skip
    exclude = ["content_html", "search_text"]
    actions = ["unpublish_selected"]

    def scope_queryset(self, request, queryset):
        user = request.user
        if is_global_admin(user):
            return queryset
        condition = Q()
        for path in administered_paths(user):
            condition |= Q(structure__path__startswith=path)
        return queryset.filter(condition) if condition else queryset.none()

    def get_abilities(self, user, obj):
        abilities = get_article_abilities(user, obj)
        published_or_mine = not obj.is_draft or obj.author_id == user.pk
        return {"view": published_or_mine, "update": False, "delete": abilities["delete"]}

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        services.delete_article(request.user, obj, str(ADMIN_REASON))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for article in queryset:
                services.delete_article(request.user, article, str(ADMIN_REASON))

    @admin.action(description=_("Dépublier les articles choisis (l'auteur est prévenu)"))
    def unpublish_selected(self, request, queryset):
        done = 0
        try:
            with transaction.atomic():
                for article in queryset.select_related("structure").filter(is_draft=False):
                    services.unpublish_article(request.user, article, str(ADMIN_REASON))
                    done += 1
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            return
        self.message_user(request, gettext("%(count)s article(s) dépublié(s).") % {"count": done})


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name"]

    def clean_name(self):
        try:
            return services.clean_tag_name(self.cleaned_data["name"], "name")
        except ValidationError as error:
            raise ValidationError(error.message_dict["name"]) from error


@admin.register(Tag)
class TagAdmin(GlobalAdminOnlyModelAdmin):
    form = TagAdminForm
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    actions = ["merge_into_first"]

    def save_model(self, request, obj, form, change):
        if change:
            original = Tag.objects.get(pk=obj.pk)
            services.rename_tag(request.user, original, form.cleaned_data["name"])
        else:
            obj.pk = services.create_tag(request.user, form.cleaned_data["name"]).pk

    def delete_model(self, request, obj):
        services.delete_tag(request.user, obj)

    @admin.action(description=_("Fusionner les étiquettes choisies dans la première (ordre alphabétique)"))
    def merge_into_first(self, request, queryset):
        tags = list(queryset.order_by("name", "pk"))
        if len(tags) < 2:
            self.message_user(request, gettext("Choisissez au moins deux étiquettes."), messages.WARNING)
            return
        with transaction.atomic():
            for source in tags[1:]:
                services.merge_tags(request.user, source, tags[0])
        self.message_user(request, gettext("Étiquettes fusionnées dans « %(name)s ».") % {"name": tags[0].name})
