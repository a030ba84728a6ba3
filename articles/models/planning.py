"""Planning (选题): the topics a desk reports (报题) before any draft exists,
what the editors decide about them, who is sent (派题) with what deadline and
length, and the story each became. State changes go through
`articles.planning` and are logged here as PlanEvents."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .content import Article


class PlanItem(models.Model):
    """One topic on the desk's budget."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("报题")
        APPROVED = "approved", _("通过")
        REJECTED = "rejected", _("不通过")
        ASSIGNED = "assigned", _("已派题")
        WRITTEN = "written", _("已成稿")
        PUBLISHED = "published", _("已刊发")

    topic = models.CharField(_("选题"), max_length=120)
    notes = models.TextField(
        _("说明"), blank=True, help_text=_("采访对象、角度、线索来源等。")
    )
    desk = models.ForeignKey(
        "accounts.Desk",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=State.choices,
        default=State.PROPOSED,
        editable=False,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报题人"),
        on_delete=models.PROTECT,
        related_name="plan_items_proposed",
        editable=False,
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("采写人"),
        blank=True,
        related_name="plan_items",
        help_text=_("记者、摄影记者，派题时指定。"),
    )
    deadline = models.DateTimeField(_("交稿时间"), null=True, blank=True)
    target_length = models.PositiveIntegerField(_("计划字数"), null=True, blank=True)
    print_date = models.DateField(
        _("计划见报日期"),
        null=True,
        blank=True,
        help_text=_("预算表按这一天排列；只发网站的选题也填计划发出的日期。"),
    )
    print_page = models.CharField(
        _("计划版面"), max_length=20, blank=True, help_text=_("如“A3”或“3”。")
    )
    web_slot = models.CharField(
        _("网站时段"), max_length=40, blank=True, help_text=_("如“早间 8:00”。")
    )
    refusal = models.TextField(_("不通过理由"), blank=True, editable=False)
    story = models.OneToOneField(
        Article,
        verbose_name=_("成稿"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="plan_item",
    )
    created_at = models.DateTimeField(_("报题时间"), auto_now_add=True)

    class Meta:
        ordering = ["print_date", "desk__order", "pk"]
        verbose_name = _("选题")
        verbose_name_plural = _("选题")
        indexes = [models.Index(fields=["print_date", "state"])]

    def __str__(self):
        return self.topic

    def length_against_target(self) -> str:
        """ "820/1000 字": the story's length so far against the plan's."""
        done = self.story.char_count if self.story_id else 0
        if self.target_length:
            return f"{done}/{self.target_length} 字"
        return f"{done} 字" if self.story_id else "—"


class PlanEvent(models.Model):
    """One row per step taken on a plan item: who, when, what, why."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=10, blank=True)
    to_state = models.CharField(_("新状态"), max_length=10)
    comment = models.TextField(_("理由或说明"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("选题记录")
        verbose_name_plural = _("选题记录")

    def __str__(self):
        return f"{self.item}：{self.action}"
