"""What happened to a story: transitions, revisions, corrections and the
notifications they send. Events and notifications are written by
articles.workflow, revisions by articles.revisions, corrections by
articles.corrections (from their own admin page); notifications are marked
read in the story's admin screen."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .content import Article

ACTION_LABELS = {
    "submit": _("提交审稿"),
    "approve": _("审签通过"),
    # The signer vouched for the story's 慎用 words (articles.proofing).
    "acknowledge": _("确认慎用词提示"),
    "send_back": _("退回修改"),
    "publish": _("发布"),
    "reschedule": _("更改发布时间"),
    "withdraw": _("撤稿"),
    "resubmit": _("签发后修改，重新送审"),
    "edit_after_signoff": _("签发后修改"),
    "edit_published": _("发布后修改"),
    "spike": _("作为废稿"),
    "restore": _("恢复废稿"),
    "correct": _("添加更正"),
    # A library photo the story uses was changed (articles.photo_changes).
    "photo_change": _("图片库中修改本稿图片"),
}


class ArticleEvent(models.Model):
    """One row per workflow transition (and per edit after sign-off)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(_("原状态"), max_length=10)
    to_status = models.CharField(_("新状态"), max_length=10)
    stage = models.PositiveSmallIntegerField(_("环节"), null=True, blank=True)
    stage_label = models.CharField(_("环节名称"), max_length=20, blank=True)
    comment = models.TextField(_("意见或理由"), blank=True)
    version = models.PositiveIntegerField(_("版本"), null=True, blank=True)
    #: The revision that was current when the step was taken: what a sign-off
    #: signed.
    revision = models.ForeignKey(
        "Revision",
        verbose_name=_("修订版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    #: For publish and reschedule: the time the story goes (or went) live.
    publish_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")

    def __str__(self):
        return f"{self.article_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def get_action_display(self):
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def is_scheduled_publish(self):
        """A publish or reschedule that set a time later than the step."""
        return (
            self.action in ("publish", "reschedule")
            and self.publish_at is not None
            and self.publish_at > self.at
        )

    def get_from_status_display(self):
        return Article.Status(self.from_status).label

    def get_to_status_display(self):
        return Article.Status(self.to_status).label


class Revision(models.Model):
    """A snapshot of a story as saved: its fields, tags, byline and photos."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions"
    )
    #: Consecutive per story (1, 2, 3 …): the number editors see and cite.
    number = models.PositiveIntegerField(_("修订号"))
    #: The story's version when saved (versions also move on transitions).
    version = models.PositiveIntegerField(_("版本"))
    created_at = models.DateTimeField(_("保存时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    data = models.JSONField(_("内容"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("修订版本")
        verbose_name_plural = _("修订版本")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "version"], name="revision_once_per_version"
            ),
            models.UniqueConstraint(
                fields=["article", "number"], name="revision_number_once"
            ),
        ]

    def __str__(self):
        return f"{self.article_id} #{self.number}"


class Correction(models.Model):
    """A visible 更正 note on a published story."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(_("更正说明"))
    created_at = models.DateTimeField(_("更正时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("更正")
        verbose_name_plural = _("更正")

    def __str__(self):
        return self.text[:40]


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message
