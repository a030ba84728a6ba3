from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 10, "decimal_places": 2}
_NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]
_WEIGHT = [MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("10"))]


class RateTable(models.Model):
    """One version of the fee rates (稿酬标准). Rows are never changed: the
    admin saves an edit as the next version, so every fee keeps the rates
    it was computed with."""

    class Split(models.TextChoices):
        EQUAL = "equal", _("平均分配")
        FIRST = "first", _("第一署名人加权")

    version = models.PositiveIntegerField(_("版本"), unique=True, editable=False)
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    per_thousand_story = models.DecimalField(
        _("消息/通讯（元/千字）"), **MONEY, validators=_NOT_NEGATIVE
    )
    per_thousand_photo = models.DecimalField(
        _("图片新闻文字（元/千字）"), **MONEY, validators=_NOT_NEGATIVE
    )
    per_thousand_brief = models.DecimalField(
        _("简讯（元/千字）"), **MONEY, validators=_NOT_NEGATIVE
    )
    per_thousand_column = models.DecimalField(
        _("专栏文章（元/千字）"), **MONEY, validators=_NOT_NEGATIVE
    )
    minimum = models.DecimalField(
        _("每篇最低（元）"), **MONEY, validators=_NOT_NEGATIVE
    )
    per_photo = models.DecimalField(
        _("每幅图片（元）"), **MONEY, validators=_NOT_NEGATIVE
    )
    lead_weight = models.DecimalField(
        _("头条系数"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.50"),
        validators=_WEIGHT,
        help_text=_("版面头条的稿费乘以此系数。"),
    )
    front_page_weight = models.DecimalField(
        _("一版系数"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.20"),
        validators=_WEIGHT,
        help_text=_("见报在第 1 版（非头条）的稿费乘以此系数。"),
    )
    split = models.CharField(
        _("联合署名分配"), max_length=10, choices=Split.choices, default=Split.EQUAL
    )
    first_weight = models.DecimalField(
        _("第一署名人权重"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("2.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("10"))],
        help_text=_("按“第一署名人加权”分配时，第一位的份额是其他每位的几倍。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("制定人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("制定时间"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("稿酬标准")
        verbose_name_plural = _("稿酬标准")

    def __str__(self):
        return f"第 {self.version} 版稿酬标准"

    @classmethod
    def current(cls):
        return cls.objects.order_by("-version").first()

    def per_thousand(self, kind: str) -> Decimal:
        return getattr(self, f"per_thousand_{kind}", self.per_thousand_story)


class Statement(models.Model):
    """One person's monthly statement (稿费结算单). Its total is the sum of
    its fees until it is paid; paying freezes the total and the fees."""

    correspondent = models.ForeignKey(
        "accounts.Correspondent",
        verbose_name=_("署名人"),
        on_delete=models.PROTECT,
        related_name="fee_statements",
    )
    month = models.DateField(_("月份"), help_text=_("该月第一天。"))
    generated_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    paid_at = models.DateTimeField(_("付款时间"), null=True, blank=True, editable=False)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("付款经办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    paid_total = models.DecimalField(
        _("已付金额"), **MONEY, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-month", "correspondent__name"]
        verbose_name = _("稿费结算单")
        verbose_name_plural = _("稿费结算单")
        constraints = [
            models.UniqueConstraint(
                fields=["correspondent", "month"], name="one_statement_a_month"
            )
        ]

    def __str__(self):
        return f"{self.correspondent.name} {self.month:%Y年%m月}稿费"

    @property
    def is_paid(self):
        return self.paid_at is not None

    def total(self) -> Decimal:
        if self.paid_total is not None:
            return self.paid_total
        total = self.fees.aggregate(t=models.Sum("amount"))["t"] or Decimal("0")
        return Decimal(total).quantize(Decimal("0.01"))


class Fee(models.Model):
    """One person's fee for one story, frozen when it was computed: the rate
    version, the facts it was computed from and the share are kept."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("稿件"),
        on_delete=models.PROTECT,
        related_name="fees",
    )
    correspondent = models.ForeignKey(
        "accounts.Correspondent",
        verbose_name=_("署名人"),
        on_delete=models.PROTECT,
        related_name="fees",
    )
    rate = models.ForeignKey(
        RateTable,
        verbose_name=_("稿酬标准"),
        on_delete=models.PROTECT,
        related_name="fees",
    )
    month = models.DateField(_("计费月份"), help_text=_("见报或发布所在月的第一天。"))
    trigger = models.CharField(_("计费时机"), max_length=10)
    basis = models.CharField(_("计算依据"), max_length=300)
    share = models.CharField(_("份额"), max_length=20)
    computed = models.DecimalField(_("计算金额"), **MONEY)
    amount = models.DecimalField(_("应发金额"), **MONEY)
    computed_at = models.DateTimeField(_("计算时间"), auto_now_add=True)
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("结算单"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fees",
    )

    class Meta:
        ordering = ["-month", "article_id", "pk"]
        verbose_name = _("稿费")
        verbose_name_plural = _("稿费")
        permissions = [("adjust_fee", _("可以调整稿费"))]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "correspondent"], name="one_fee_per_person_story"
            )
        ]

    def __str__(self):
        return f"{self.correspondent.name}《{self.article.headline}》"


class FeeAdjustment(models.Model):
    """An editor's change to a fee, with the reason: the fee's log."""

    fee = models.ForeignKey(
        Fee,
        verbose_name=_("稿费"),
        on_delete=models.CASCADE,
        related_name="adjustments",
    )
    before = models.DecimalField(_("调整前"), **MONEY)
    after = models.DecimalField(_("调整后"), **MONEY)
    reason = models.CharField(_("理由"), max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调整人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("调整时间"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("稿费调整记录")
        verbose_name_plural = _("稿费调整记录")

    def __str__(self):
        return f"{self.fee}：{self.before} → {self.after} 元"
