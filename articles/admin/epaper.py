"""The printed paper's screens: editions (期) and pages (版). A page's form
takes its PDF and image and carries the 热区 drawing tool
(static/js/hotspot-editor.js), which posts the page's 热区 as one JSON field."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ..epaper import files, hotspots
from ..models import Edition, Page
from .mixins import PurgesPagesMixin, RolePolicyMixin


class PageAdminForm(forms.ModelForm):
    hotspots = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Page
        fields = ["edition", "number", "name", "editor_name", "image", "pdf"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["hotspots"].initial = hotspots.as_json(self.instance)

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if isinstance(upload, UploadedFile):
            width, height, extension = files.check_image(upload)
            self.instance.image_width, self.instance.image_height = width, height
            upload.name = f"page.{extension}"
        elif not upload:
            self.instance.image_width = self.instance.image_height = 0
        return upload

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if isinstance(upload, UploadedFile):
            files.check_pdf(upload)
            upload.name = "page.pdf"
        return upload

    def clean_hotspots(self):
        allowed = (
            {a.pk: a for a in self.instance.articles.all()} if self.instance.pk else {}
        )
        # A new page has no stories yet, so any 热区 posted with it is refused.
        return hotspots.parse(
            self.cleaned_data.get("hotspots", ""), page=self.instance, allowed=allowed
        )


@admin.register(Edition)
class EditionAdmin(RolePolicyMixin, PurgesPagesMixin, admin.ModelAdmin):
    list_display = ["date", "number", "page_count"]
    search_fields = ["number"]
    date_hierarchy = "date"

    @admin.display(description=_("版数"))
    def page_count(self, edition):
        return edition.pages.count()


@admin.register(Page)
class PageAdmin(RolePolicyMixin, PurgesPagesMixin, admin.ModelAdmin):
    form = PageAdminForm
    list_display = ["edition", "number", "name", "editor_name", "hotspot_count"]
    list_filter = ["edition__date"]
    list_select_related = ["edition"]
    search_fields = ["name", "editor_name"]
    readonly_fields = ["hotspot_tool"]
    fieldsets = [
        (None, {"fields": ["edition", "number", "name", "editor_name"]}),
        (
            _("版面文件"),
            {
                "fields": ["image", "pdf"],
                "description": _(
                    "版面图片供读者浏览、画热区；PDF 供读者下载，须与图片一起上传。"
                ),
            },
        ),
        (_("热区"), {"fields": ["hotspot_tool", "hotspots"]}),
    ]

    class Media:
        js = ["js/hotspot-editor.js"]
        css = {"all": ["css/admin-hotspots.css"]}

    @admin.display(description=_("热区"))
    def hotspot_count(self, page):
        return page.hotspots.count()

    @admin.display(description=_("画热区"))
    def hotspot_tool(self, page):
        stories = list(page.articles.order_by("page_position", "pk")) if page.pk else []
        return render_to_string(
            "admin/articles/page/hotspot_tool.html",
            {
                "page": page,
                "stories": [
                    {"id": a.pk, "label": f"{a.page_position or '-'}．{a.headline}"}
                    for a in stories
                ],
            },
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        hotspots.replace(form.instance, form.cleaned_data["hotspots"])
