"""The admin's page-import screen: upload a page's text, see what will be
created, confirm."""

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts import roles
from background.models import ImportRun

from ..importer import (
    MAX_BYTES,
    NotAPage,
    check_page_text,
    import_page,
    plan_import,
    queued,
    read_page_text,
)
from ..models import Section


class PageImportForm(forms.Form):
    file = forms.FileField(label=_("版面文字文件（.txt）"), required=False)
    text = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=MAX_BYTES
    )
    date = forms.DateField(label=_("见报日期"), required=False, widget=AdminDateWidget)
    page = forms.IntegerField(
        label=_("版次"), required=False, min_value=1, max_value=999
    )
    section = forms.ModelChoiceField(
        label=_("导入到栏目"), queryset=Section.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("导入后状态"),
        choices=[("draft", _("草稿")), ("submitted", _("提交初审"))],
        initial="draft",
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("文件超过 2 MB，不像是一个版面的文字。"))
            try:
                cleaned["text"] = read_page_text(upload.read(), upload.name[:80])
            except ValueError as error:
                raise forms.ValidationError(str(error)) from error
        elif not cleaned.get("text", "").strip():
            raise forms.ValidationError(_("请选择要导入的版面文字文件。"))
        if "\x00" in cleaned.get("text", ""):
            raise forms.ValidationError(_("这不是文本内容。"))
        # The confirmation posts the text back; it is checked again.
        try:
            check_page_text(cleaned["text"])
        except NotAPage as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


def may_import(model_admin, request) -> bool:
    """Those who may add stories, if their role's policy opens the import
    screen (an outside correspondent files one story at a time)."""
    return (
        model_admin.has_add_permission(request)
        and "import" in roles.policy_for(request.user).pages
    )


def import_page_view(model_admin, request):
    if not may_import(model_admin, request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("导入版面"),
    }
    form = PageImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "confirm" in request.POST:
            if queued.belongs_in_background(
                data["text"], page_date=data["date"], page_number=data["page"]
            ):
                run = queued.start_import(
                    data["text"],
                    page_date=data["date"],
                    page_number=data["page"],
                    section=data["section"],
                    status=data["status"],
                    user=request.user,
                )
                return redirect("admin:background_importrun_progress", run.pk)
            report = import_page(
                data["text"],
                page_date=data["date"],
                page_number=data["page"],
                section=data["section"],
                status=data["status"],
                user=request.user,
            )
            messages.success(request, report.lines()[0])
            context.update(report=report)
            return TemplateResponse(request, "admin/articles/import_page.html", context)
        # The same plan confirming carries out: new and existing stories,
        # new people, what to check.
        plan = plan_import(
            data["text"], page_date=data["date"], page_number=data["page"]
        )
        confirm_form = PageImportForm(
            initial={**data, "text": data["text"], "section": data["section"]}
        )
        context.update(plan=plan, parsed=plan.page, form=confirm_form, confirming=True)
        return TemplateResponse(request, "admin/articles/import_page.html", context)
    context.update(form=form)
    return TemplateResponse(request, "admin/articles/import_page.html", context)


def import_run_view(model_admin, request, pk):
    """How a background import is going: 已导入 12/40, then its report. The
    page reloads itself every two seconds until the run has finished (a
    meta refresh: no script, so the CSP has nothing to allow)."""
    if not may_import(model_admin, request):
        raise PermissionDenied
    run = get_object_or_404(ImportRun, pk=pk)
    if run.created_by_id != request.user.pk and not roles.sees_all_desks(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("导入版面"),
        "run": run,
    }
    return TemplateResponse(request, "admin/articles/import_run.html", context)
