"""The page where an editor adds a 更正 to a live story; the rules are in
articles.corrections."""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import corrections, workflow
from .pages import story_page


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("更正内容"),
        help_text=_(
            "写明原稿哪里错了、正确的是什么，例如：原稿中“12家”应为“21家”，特此更正。"
            "最多 %(n)d 个字。保存后立即显示在读者页面的正文下方，并注明日期。"
        )
        % {"n": corrections.TEXT_MAX_LENGTH},
        max_length=corrections.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        error_messages={
            "required": _("请写明更正的内容。"),
            "max_length": _(
                "更正最多 %(limit_value)d 个字，现在是 %(show_value)d 个字。"
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength in the page: a browser would cut pasted text without
        # a word; the server says how long it is instead, and keeps it.
        self.fields["text"].widget.attrs.pop("maxlength", None)


def correction_view(model_admin, request, pk):
    """Add a 更正 to a live story: the story's corrections so far, a box
    for the new one, 保存."""
    article = model_admin.get_object(request, str(pk))
    if article is None or not model_admin.has_view_permission(request, article):
        raise Http404
    allowed = corrections.may_correct(request.user)
    refusal = corrections.correction_refusal(article, request.user)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            corrections.add_correction(
                article, by=request.user, text=form.cleaned_data["text"]
            )
        except workflow.NotAllowed as error:
            refusal = str(error)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(
                request,
                _("已给《%(h)s》加上更正，读者页面已更新。") % {"h": article.headline},
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[article.pk])
            )
    return story_page(
        model_admin,
        request,
        article,
        "admin/articles/article/correction.html",
        _("给《%(h)s》加更正") % {"h": article.headline},
        status=403 if not allowed or (refusal and request.method == "POST") else 200,
        corrections=article.corrections.select_related("created_by"),
        form=form,
        refusal=refusal,
    )


def correction_urls(model_admin):
    """The page's URL, for ArticleAdmin.get_urls."""
    view = model_admin.admin_site.admin_view(partial(correction_view, model_admin))
    return [path("<int:pk>/correct/", view, name="articles_article_correct")]
