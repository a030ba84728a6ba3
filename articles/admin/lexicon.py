"""The sensitive-word lexicon's screen (敏感词库) and its bulk import from
a text or CSV file (articles.proofing.importing)."""

from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import SensitiveWord
from ..proofing import importing
from .mixins import RolePolicyMixin


class LexiconImportForm(forms.Form):
    file = forms.FileField(
        label=_("词表文件（.txt 或 .csv）"),
        help_text=_(
            "每行一个词；或每行“词语,级别,建议改为”，级别填“禁用”或“慎用”。"
            "以 # 开头的行不读。"
        ),
    )
    level = forms.ChoiceField(
        label=_("未注明级别的词按"),
        choices=SensitiveWord.Level.choices,
        initial=SensitiveWord.Level.BANNED,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".txt", ".csv"):
            raise forms.ValidationError(
                gettext("只能导入 .txt 或 .csv 文件，请把词表另存为文本。")
            )
        if upload.size > importing.MAX_BYTES:
            raise forms.ValidationError(gettext("文件超过 2 MB，请分成几个文件导入。"))
        return upload

    def clean(self):
        cleaned = super().clean()
        if "file" in cleaned and "level" in cleaned:
            try:
                cleaned["rows"] = importing.parse(
                    importing.decode(cleaned["file"].read()),
                    default_level=cleaned["level"],
                )
            except importing.LexiconFileError as error:
                raise forms.ValidationError(error.errors) from None
        return cleaned


@admin.register(SensitiveWord)
class SensitiveWordAdmin(RolePolicyMixin, admin.ModelAdmin):
    list_display = ["word", "level", "replacement", "note", "updated_at"]
    list_filter = ["level"]
    search_fields = ["word", "replacement", "note"]
    search_help_text = _("按词语、建议或说明搜索")
    list_per_page = 100
    change_list_template = "admin/articles/sensitiveword/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_sensitiveword_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = LexiconImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            result = importing.apply(form.cleaned_data["rows"])
            messages.success(
                request,
                gettext(
                    "词表已导入：新增 %(added)d 个，更新 %(updated)d 个，"
                    "%(unchanged)d 个原已在词库中。"
                )
                % {
                    "added": result.added,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return HttpResponseRedirect(
                reverse("admin:articles_sensitiveword_changelist")
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("批量导入敏感词"),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/articles/sensitiveword/import.html", context
        )
