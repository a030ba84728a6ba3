"""The curated front page: what the night editor (值班总编) places on it —
the 头条, the 焦点图 and each section's 置顶 stories — and the 专题 that
gather stories under one title. The reader's home page reads these through
`articles.reader.frontpage`, which also falls back when nothing is set."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .content import Article, Section
from .photo import Photo

#: How many 焦点图 the carousel shows at most.
FOCUS_MAX = 5


class PlacementQuerySet(models.QuerySet):
    def active(self, now=None):
        """Entries not yet expired: an expired one drops out by itself, with
        nothing to run."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class Placement(models.Model):
    """One story placed on the front page by hand."""

    class Kind(models.TextChoices):
        HEADLINE = "headline", _("头条")
        FOCUS = "focus", _("焦点图")
        PINNED = "pinned", _("栏目置顶")

    kind = models.CharField(_("位置"), max_length=10, choices=Kind.choices)
    article = models.ForeignKey(
        Article,
        verbose_name=_("稿件"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("栏目"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("只有栏目置顶需要选栏目，稿件须属于这个栏目。"),
    )
    position = models.PositiveSmallIntegerField(
        _("顺序"), default=0, help_text=_("数字小的排在前面。")
    )
    expires_at = models.DateTimeField(
        _("到期时间"),
        null=True,
        blank=True,
        help_text=_("到期后自动撤下；留空则一直保留，直到换掉或删除。"),
    )
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "created_at", "pk"]
        verbose_name = _("首页编排")
        verbose_name_plural = _("首页编排")
        indexes = [models.Index(fields=["kind", "expires_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.article.headline}"

    def save(self, *args, **kwargs):
        # There is one 头条: a new one takes the place of the one before,
        # which is kept (expired now) so the night's changes can be read.
        super().save(*args, **kwargs)
        if self.kind == self.Kind.HEADLINE and self.is_active:
            Placement.objects.active().filter(kind=self.Kind.HEADLINE).exclude(
                pk=self.pk
            ).update(expires_at=timezone.now())

    @property
    def is_active(self):
        return self.expires_at is None or self.expires_at > timezone.now()

    def clean(self):
        errors = {}
        now = timezone.now()
        if self.expires_at and self.expires_at <= now and not self.pk:
            errors["expires_at"] = _("到期时间已经过了，请填一个将来的时间或留空。")
        if self.article_id:
            errors.update(self._check_article(now))
        if self.kind == self.Kind.PINNED and not self.section_id:
            errors["section"] = _("栏目置顶要选一个栏目。")
        if self.kind != self.Kind.PINNED and self.section_id:
            errors["section"] = _("只有栏目置顶需要选栏目，头条和焦点图请留空。")
        if self.kind == self.Kind.FOCUS and not errors:
            others = Placement.objects.active(now).filter(kind=self.Kind.FOCUS)
            if others.exclude(pk=self.pk).count() >= FOCUS_MAX:
                errors["kind"] = _(
                    "焦点图最多 %(n)d 张，请先撤下一张或给它设到期时间。"
                ) % {"n": FOCUS_MAX}
        if errors:
            raise ValidationError(errors)

    def _check_article(self, now):
        article = self.article
        if article.status != Article.Status.PUBLISHED:
            return {"article": _("只有已发布的稿件能上首页。")}
        if self.kind == self.Kind.HEADLINE and not article.is_live():
            return {"article": _("头条必须是读者已经看得到的稿件（发布时间已到）。")}
        if (
            self.kind == self.Kind.FOCUS
            and not article.article_photos.filter(photo__status=Photo.READY).exists()
        ):
            return {"article": _("焦点图稿件必须配有可用的图片。")}
        if (
            self.kind == self.Kind.PINNED
            and self.section_id
            and article.section_id != self.section_id
        ):
            return {"article": _("这篇稿件不属于所选栏目，不能在该栏目置顶。")}
        return {}


class Topic(models.Model):
    """A 专题: stories gathered under one title, with its own page."""

    title = models.CharField(_("专题名称"), max_length=60)
    slug = models.SlugField(
        _("网址标识"),
        max_length=60,
        unique=True,
        help_text=_("小写字母、数字和连字符，如 spring-2026。"),
    )
    intro = models.TextField(_("导语"), blank=True)
    lead_photo = models.ForeignKey(
        Photo,
        verbose_name=_("题图"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stories = models.ManyToManyField(
        Article, verbose_name=_("稿件"), blank=True, related_name="topics"
    )
    on_home = models.BooleanField(_("在首页显示"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["order", "-created_at", "-pk"]
        verbose_name = _("专题")
        verbose_name_plural = _("专题")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})
