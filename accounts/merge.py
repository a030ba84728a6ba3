"""Merging a duplicate 署名人 into the record on file: the importer makes a
new person for every name it cannot match, and an editor who recognises one
moves its credits (stories and photos) to the existing record."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from articles.models import Credit
from articles.reader import cache as page_cache
from fees.people import CannotMove, move_fees

from .models import Correspondent


class MergeError(Exception):
    """A merge refused, with the reason to show the editor."""


def merge_people(duplicate: Correspondent, kept: Correspondent) -> int:
    """Move every credit of `duplicate` to `kept`, then delete `duplicate`.
    Returns the number of credits moved. All or nothing."""
    if duplicate.pk == kept.pk:
        raise MergeError(_("不能把署名人合并到其自身。"))
    if duplicate.user_id and kept.user_id:
        # Two login accounts cannot share one record; which one speaks for
        # the person is for whoever manages accounts to decide.
        raise MergeError(
            _("“%(dup)s”和“%(kept)s”都绑定了登录账号，不能合并。")
            % {"dup": duplicate.name, "kept": kept.name}
        )
    with transaction.atomic():
        try:
            # Unpaid fees follow the person (fees.people); statements stop it.
            move_fees(duplicate, kept)
        except CannotMove as refusal:
            raise MergeError(str(refusal)) from None
        moved = Credit.objects.filter(correspondent=duplicate).update(
            correspondent=kept
        )
        account = duplicate.user
        duplicate.delete()
        if account is not None:
            kept.user = account
            kept.save(update_fields=["user"])
        transaction.on_commit(page_cache.purge)
    return moved


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("保留的署名人"),
        queryset=Correspondent.objects.none(),
        empty_label=_("（请选择）"),
        error_messages={
            "required": _("请选择要保留的署名人。"),
            "invalid_choice": _("所选署名人不存在，请重新选择。"),
        },
    )

    def __init__(self, *args, duplicate, **kwargs):
        super().__init__(*args, **kwargs)
        # By name, so records sharing the duplicate's name sit together.
        self.fields["keep"].queryset = (
            Correspondent.objects.exclude(pk=duplicate.pk)
            .select_related("affiliation")
            .order_by("name", "pk")
        )


@admin.action(description=_("合并到…"), permissions=["change"])
def merge_into(modeladmin, request, queryset):
    """Asks for the person to keep, then merges the one selected duplicate
    into them. The page is the action's own (like 删除所选), so it needs no
    URL of its own and the list's permission checks apply."""
    if not modeladmin.has_change_permission(request):
        raise PermissionDenied
    if queryset.count() != 1:
        modeladmin.message_user(
            request, _("合并时请只选择一位重复的署名人。"), messages.ERROR
        )
        return None
    duplicate = queryset.get()
    form = MergeForm(
        request.POST if "keep" in request.POST else None, duplicate=duplicate
    )
    if "keep" in request.POST and form.is_valid():
        kept = form.cleaned_data["keep"]
        if duplicate.user_id and not kept.user_id:
            # Moving a login account is linking one (roles.may_link_accounts).
            from . import roles

            if not roles.may_link_accounts(request.user):
                form.add_error(
                    "keep",
                    _("“%(name)s”绑定了登录账号，只有账号管理员可以合并。")
                    % {"name": duplicate.name},
                )
        if not form.errors:
            name = str(duplicate)
            try:
                moved = merge_people(duplicate, kept)
            except MergeError as error:
                form.add_error("keep", str(error))
            else:
                modeladmin.log_change(
                    request,
                    kept,
                    _("合并了重复的署名人“%(name)s”，转来署名 %(count)d 条。")
                    % {"name": name, "count": moved},
                )
                modeladmin.message_user(
                    request,
                    _("已将“%(dup)s”合并到“%(kept)s”，转来署名 %(count)d 条。")
                    % {"dup": name, "kept": kept, "count": moved},
                    messages.SUCCESS,
                )
                return None
    opts = modeladmin.model._meta
    return TemplateResponse(
        request,
        "admin/accounts/correspondent/merge.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("合并署名人"),
            "opts": opts,
            "duplicate": duplicate,
            "credit_count": Credit.objects.filter(correspondent=duplicate).count(),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description=_("确认所选署名人"), permissions=["change"])
def confirm_people(modeladmin, request, queryset):
    count = queryset.filter(needs_check=True).update(needs_check=False)
    modeladmin.message_user(
        request, _("已确认 %(count)d 位署名人。") % {"count": count}, messages.SUCCESS
    )
