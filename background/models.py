"""What the admin shows of the queue: recent task results (a proxy of
django-tasks-db's table, with our labels) and the progress of page imports
confirmed in the background."""

from django.conf import settings
from django.db import models
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

#: What each task is, in the newsroom's words.
TASK_LABELS = {
    "articles.photos.tasks.process_photo": _("照片处理（生成各尺寸图片）"),
    "articles.workflow.mail.send_notification_mail": _("通知邮件"),
    "articles.importer.queued.confirm_import": _("导入版面"),
    "articles.reader.search_tasks.rebuild_search_index": _("重建检索索引"),
    "articles.reader.cache.purge_pages": _("清除页面缓存"),
}


class TaskRecord(DBTaskResult):
    """django-tasks-db's own rows, listed under our labels (its admin is
    English and shows raw arguments)."""

    class Meta:
        proxy = True
        verbose_name = _("后台任务记录")
        verbose_name_plural = _("后台任务记录")

    def __str__(self):
        label = TASK_LABELS.get(self.task_path, self.task_path)
        return f"{label}（{localtime(self.enqueued_at):%Y-%m-%d %H:%M:%S}）"


class ImportRun(models.Model):
    """One page import confirmed in the background: what to import, how far
    it has got, and its report. The page's text is kept here, not in the
    task's arguments, so the task list stays readable."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("确认时间"), auto_now_add=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    text = models.TextField(_("版面文字"))
    page_date = models.DateField(_("见报日期"), null=True, blank=True)
    page_number = models.PositiveSmallIntegerField(_("版次"), null=True, blank=True)
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("导入到栏目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_status = models.CharField(_("导入后状态"), max_length=10, default="draft")
    total = models.PositiveIntegerField(_("新稿件总数"), default=0)
    done = models.PositiveIntegerField(_("已导入"), default=0)
    report = models.JSONField(_("导入结果"), default=list, blank=True)
    error = models.TextField(_("错误"), blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台导入")
        verbose_name_plural = _("后台导入")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_state_display()}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
