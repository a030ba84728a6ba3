"""The admin's view of the queue: recent task results, read-only, with
their status and error and a 重试 action, for superusers and 总编辑; and the
progress page of a background import (reached from the import screen)."""

from functools import partial

from django.contrib import admin, messages
from django.db.models import F
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts import roles

from .models import ImportRun, TaskRecord

#: What each task is, in the newsroom's words.
TASK_LABELS = {
    "articles.photos.tasks.process_photo": _("照片处理（生成各尺寸图片）"),
    "articles.workflow.mail.send_notification_mail": _("通知邮件"),
    "articles.importer.queued.confirm_import": _("导入版面"),
    "articles.reader.search_tasks.rebuild_search_index": _("重建检索索引"),
    "articles.reader.cache.purge_pages": _("清除页面缓存"),
}
STATUS_LABELS = {
    "READY": _("等待中"),
    "RUNNING": _("运行中"),
    "SUCCESSFUL": _("成功"),
    "FAILED": _("失败"),
}


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
        "enqueued_at",
        "finished_at",
        "error",
    ]
    list_filter = ["status"]
    ordering = [F("enqueued_at").desc()]
    actions = ["retry"]
    list_per_page = 50
    show_full_result_count = False
    fields = [
        "task_label",
        "status_label",
        "attempt",
        "enqueued_at",
        "started_at",
        "finished_at",
        "run_after",
        "error",
        "traceback",
    ]
    readonly_fields = fields

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
