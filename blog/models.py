"""Articles ("publications") and tags.

An article is written in Markdown by its author; ``content_html`` holds the rendering (markdown-it-py, sanitised by
nh3), refreshed by the services whenever the content changes, so pages never render Markdown per request.
Its slug is built once, at the first publication, and never changes. Tags are rows (a rename shows everywhere).
Who sees an article is ``visibility``: public (the public blog), portal (signed-in staff) or groups (members of the
groups it is published to); see ``selectors.visible_articles``.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 400
TAG_MAX_LENGTH = 50


class Tag(models.Model):
    name = models.CharField(_("nom"), max_length=TAG_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("étiquette")
        verbose_name_plural = _("étiquettes")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="blog_tag_unique_name", violation_error_message=_("Cette étiquette existe déjà.")
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag", args=[self.pk])


class Article(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public (blog ouvert à tous)")
        PORTAL = "portal", _("Portail (personnels connectés)")
        GROUPS = "groups", _("Groupes (leurs membres seulement)")

    class Licence(models.TextChoices):
        NONE = "", _("Aucune")
        CC_BY = "CC BY", "CC BY"
        CC_BY_SA = "CC BY-SA", "CC BY-SA"
        CC_BY_ND = "CC BY-ND", "CC BY-ND"
        CC_BY_NC = "CC BY-NC", "CC BY-NC"
        CC_BY_NC_SA = "CC BY-NC-SA", "CC BY-NC-SA"
        CC_BY_NC_ND = "CC BY-NC-ND", "CC BY-NC-ND"

    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH)
    #: Built at the first publication, never changed afterwards (old links keep working); empty for a new draft.
    slug = models.SlugField(_("identifiant d'adresse"), max_length=255, unique=True, null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.CASCADE, related_name="articles"
    )
    #: The author's structure when the article was created (the author may re-attach it to their current one).
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    content = models.TextField(_("contenu (Markdown)"))
    content_html = models.TextField(editable=False, default="")
    summary = models.CharField(_("résumé"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    search_text = models.TextField(editable=False, default="")
    tags = models.ManyToManyField(Tag, verbose_name=_("étiquettes"), blank=True, related_name="articles")
    groups = models.ManyToManyField("groups.Group", verbose_name=_("groupes"), blank=True, related_name="blog_articles")
    licence = models.CharField(_("licence"), max_length=12, choices=Licence.choices, default="", blank=True)
    visibility = models.CharField(_("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    is_draft = models.BooleanField(_("brouillon"), default=True)
    published_at = models.DateTimeField(_("première publication"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("dernière mise à jour"), auto_now=True)
    visits = models.PositiveIntegerField(_("visites"), default=0)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["is_draft", "visibility", "-published_at", "-id"], name="blog_article_listing"),
            models.Index(fields=["author", "-updated_at"], name="blog_article_author"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return not self.is_draft

    def get_absolute_url(self):
        if self.slug:
            return reverse("blog:article", args=[self.slug])
        return reverse("blog:edit", args=[self.pk])
