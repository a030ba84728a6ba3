"""The admin's view of the queue: recent task results, read-only, with
their status and error and a 重试 action, for superusers and 总编辑; and the
progress page of a background import (reached from the import screen)."""

from functools import partial

from django.contrib import admin, messages
from django.db.models import F
from django.urls import path
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from accounts import roles

from .models import TASK_LABELS, ImportRun, TaskRecord

STATUS_LABELS = {
    "READY": _("等待中"),
    "RUNNING": _("运行中"),
    "SUCCESSFUL": _("成功"),
    "FAILED": _("失败"),
}


class StatusFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATUS_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in STATUS_LABELS:
            return queryset.filter(status=self.value())
        return queryset


def when(moment) -> str:
    return date_format(localtime(moment), "Y-m-d H:i:s") if moment else ""


def may_see_queue(user) -> bool:
    return user.is_active and (
        user.is_superuser or roles.CHIEF_EDITOR in roles.groups_of(user)
    )


@admin.register(TaskRecord)
class TaskRecordAdmin(admin.ModelAdmin):
    list_display = [
        "task_label",
        "status_label",
        "attempt",
        "enqueued",
        "finished",
        "error",
    ]
    list_filter = [StatusFilter]
    ordering = [F("enqueued_at").desc()]
    actions = ["retry"]
    list_per_page = 50
    show_full_result_count = False
    fields = [
        "task_label",
        "status_label",
        "attempt",
        "enqueued",
        "started",
        "finished",
        "due",
        "error",
        "details",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["css/admin-background.css"]}

    def has_module_permission(self, request):
        return may_see_queue(request.user)

    def has_view_permission(self, request, obj=None):
        return may_see_queue(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("任务"), ordering="task_path")
    def task_label(self, record):
        return TASK_LABELS.get(record.task_path, record.task_path)

    @admin.display(description=_("状态"), ordering="status")
    def status_label(self, record):
        return STATUS_LABELS.get(record.status, record.status)

    @admin.display(description=_("第几次尝试"))
    def attempt(self, record):
        return (record.args_kwargs or {}).get("kwargs", {}).get("attempt", 1)

    # django-tasks-db's own field names are English; these say it in ours.
    @admin.display(description=_("入队时间"), ordering="enqueued_at")
    def enqueued(self, record):
        return when(record.enqueued_at)

    @admin.display(description=_("开始时间"))
    def started(self, record):
        return when(record.started_at)

    @admin.display(description=_("完成时间"), ordering="finished_at")
    def finished(self, record):
        return when(record.finished_at)

    @admin.display(description=_("最早运行时间"))
    def due(self, record):
        # django-tasks-db stores "no earliest time" as the largest date.
        return when(record.run_after) if record.run_after.year < 9999 else ""

    @admin.display(description=_("出错详情"))
    def details(self, record):
        if not record.traceback:
            return ""
        return format_html("<pre>{}</pre>", record.traceback)

    @admin.display(description=_("错误"))
    def error(self, record):
        if record.status != "FAILED":
            return ""
        lines = [line for line in (record.traceback or "").splitlines() if line]
        return lines[-1][:200] if lines else record.exception_class_path

    @admin.action(description=_("重试所选失败的任务"))
    def retry(self, request, queryset):
        retried = 0
        for record in queryset.filter(status="FAILED"):
            kwargs = {**record.args_kwargs.get("kwargs", {})}
            kwargs.pop("attempt", None)  # a fresh round of attempts
            try:
                task = record.task  # the task as the code defines it now
                task.enqueue(*record.args_kwargs.get("args", []), **kwargs)
            except Exception as error:
                self.message_user(
                    request,
                    _("任务“%(task)s”无法重试：%(error)s")
                    % {"task": self.task_label(record), "error": error},
                    messages.ERROR,
                )
                continue
            retried += 1
        if retried:
            self.message_user(request, _("已重新排队 %d 个任务。") % retried)
        else:
            self.message_user(
                request, _("所选任务中没有失败的任务，没有重试。"), messages.WARNING
            )


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """No list of its own: a run is seen on its progress page."""

    def has_module_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        from articles.admin.import_page import import_run_view
        from articles.models import Article

        article_admin = self.admin_site.get_model_admin(Article)
        return [
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(partial(import_run_view, article_admin)),
                name="background_importrun_progress",
            ),
        ]
