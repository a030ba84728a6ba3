from django.contrib import admin
from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from accounts import roles

from .models import Article, ArticlePhoto, Credit, Photo, Section
from .tagging import TagField
from .widgets import TagSuggestWidget


class CreditInline(admin.TabularInline):
    model = Credit
    fk_name = "article"
    fields = ["position", "role", "correspondent"]
    autocomplete_fields = ["correspondent"]
    extra = 1
    verbose_name = _("署名")
    verbose_name_plural = _("署名（按见报顺序）")


class PhotoCreditInline(CreditInline):
    fk_name = "photo"


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    fields = ["position", "photo", "thumbnail", "caption"]
    readonly_fields = ["thumbnail"]
    autocomplete_fields = ["photo"]
    extra = 0

    @admin.display(description=_("缩略图"))
    def thumbnail(self, use):
        return photo_thumbnail(use.photo) if use.photo_id else "—"


def photo_thumbnail(photo):
    if not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="120" loading="lazy" class="nr-thumb">',
        photo.image.url,
        photo.alt_text,
    )


class TagInputMixin:
    """Tags typed as Chinese editors type them, with suggestions."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return db_field.formfield(
                form_class=TagField, widget=TagSuggestWidget(), required=False
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_column"]
    list_editable = ["order"]
    list_filter = ["is_column"]
    search_fields = ["name", "slug", "description"]


@admin.register(Article)
class ArticleAdmin(TagInputMixin, admin.ModelAdmin):
    list_display = [
        "headline",
        "kind",
        "section",
        "byline_display",
        "status",
        "stage",
        "char_count",
        "publish_at",
        "updated_at",
    ]
    list_display_links = ["headline"]
    list_filter = ["status", "stage", "kind", "section", "created_by"]
    list_select_related = ["section"]
    search_fields = [
        "headline",
        "kicker",
        "subtitle",
        "summary",
        "credits__correspondent__name",
    ]
    search_help_text = _("按标题、摘要或署名人搜索")
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section"]
    readonly_fields = [
        "status",
        "stage",
        "char_count",
        "version",
        "created_by",
        "first_published_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "kicker", "headline", "subtitle", "section"]}),
        (_("正文"), {"fields": ["summary", "body", "char_count", "tags"]}),
        (
            _("发布"),
            {"fields": ["status", "stage", "publish_at", "first_published_at"]},
        ),
        (
            _("记录"),
            {
                "classes": ["collapse"],
                "fields": ["created_by", "created_at", "updated_at", "version"],
            },
        ),
    ]
    inlines = [CreditInline, ArticlePhotoInline]

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "credits", queryset=Credit.objects.select_related("correspondent")
                )
            )
        )
        if is_outside_contributor(request.user):
            queryset = queryset.filter(created_by=request.user)
        return queryset

    @admin.display(description=_("署名"))
    def byline_display(self, article):
        return article.byline()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "tags/suggest/",
                self.admin_site.admin_view(self.tag_suggest_view),
                name="articles_tag_suggest",
            ),
            *super().get_urls(),
        ]

    def tag_suggest_view(self, request):
        """Existing tag names containing what the editor is typing."""
        query = request.GET.get("q", "").strip()[:100]
        names = []
        if query:
            names = list(
                Tag.objects.filter(name__icontains=query)
                .order_by("name")
                .values_list("name", flat=True)[:15]
            )
        return JsonResponse({"results": names})


def is_outside_contributor(user):
    """Correspondents from outside the paper see only what they filed."""
    return not user.is_superuser and (
        user.groups.filter(name=roles.CORRESPONDENT).exists()
        and not user.has_perm("articles.review_article")
    )


@admin.register(Photo)
class PhotoAdmin(TagInputMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "caption", "credit_display", "size", "created_at"]
    list_display_links = ["thumbnail", "caption"]
    search_fields = ["caption", "alt_text", "credits__correspondent__name"]
    readonly_fields = ["thumbnail", "width", "height", "checksum", "uploaded_by"]
    fields = [
        "image",
        "thumbnail",
        "caption",
        "alt_text",
        "taken_at",
        "tags",
        "width",
        "height",
        "checksum",
        "uploaded_by",
    ]
    inlines = [PhotoCreditInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "credits", queryset=Credit.objects.select_related("correspondent")
                )
            )
        )

    @admin.display(description=_("缩略图"))
    def thumbnail(self, photo):
        return photo_thumbnail(photo)

    @admin.display(description=_("署名"))
    def credit_display(self, photo):
        return photo.credit_line()

    @admin.display(description=_("尺寸"))
    def size(self, photo):
        return f"{photo.width}×{photo.height}"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
