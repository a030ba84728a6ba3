"""The printed paper (数字报): an edition (期) of a date, its pages (版) with
their PDF and image, and the 热区 on a page image that link to stories.

A story's place on a page is on the story itself (`Article.page`,
`Article.page_position`): a story is printed once, and the story form sets it.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: A 热区 smaller than this share of the page's width or height is a slip of
#: the mouse, not a story's region.
MIN_HOTSPOT_SIZE = 0.01


def day_kwargs(day) -> dict:
    return {"year": day.year, "month": day.month, "day": day.day}


def printed_label(day, page) -> str:
    """2022年11月30日 第2版 本地新闻: where a story was printed."""
    return f"{day.year}年{day.month}月{day.day}日 {page.label}"


def page_upload_to(page, filename):
    day = page.edition.date
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"epaper/{day:%Y/%m/%d}/{page.number:02d}.{extension}"


class Edition(models.Model):
    """One day's paper (期): its date and its running number (总第 N 期)."""

    date = models.DateField(_("出版日期"), unique=True)
    number = models.PositiveIntegerField(
        _("总期号"),
        null=True,
        blank=True,
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(999_999)],
        help_text=_("报头上的“总第 N 期”。"),
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("报纸期次")
        verbose_name_plural = _("报纸期次")

    def __str__(self):
        text = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return f"{text}（总第{self.number}期）" if self.number else text

    def get_absolute_url(self):
        return reverse("articles:epaper-edition", kwargs=day_kwargs(self.date))


class Page(models.Model):
    """A page (版) of an edition: its number, name and 责任编辑, its PDF and
    the image readers see and 热区 are drawn on.

    The 责任编辑 is the name as the page prints it, not a login: the
    importer reads it from the page, and the person answerable for a page
    is not always someone with an account here.
    """

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("期次"),
        on_delete=models.CASCADE,
        related_name="pages",
    )
    number = models.PositiveSmallIntegerField(
        _("版次"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    name = models.CharField(
        _("版名"), max_length=20, blank=True, help_text=_("如“要闻”“本地新闻”“视角”。")
    )
    editor_name = models.CharField(
        _("责任编辑"),
        max_length=40,
        blank=True,
        help_text=_("按版面上印的名字填写。"),
    )
    image = models.FileField(
        _("版面图片"),
        upload_to=page_upload_to,
        blank=True,
        help_text=_("JPEG、PNG 或 WebP，读者看到的版面，热区画在这张图上。"),
    )
    image_width = models.PositiveIntegerField(default=0, editable=False)
    image_height = models.PositiveIntegerField(default=0, editable=False)
    pdf = models.FileField(
        _("版面 PDF"),
        upload_to=page_upload_to,
        blank=True,
        help_text=_("供读者下载。上传 PDF 时须同时有版面图片。"),
    )

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("版面")
        verbose_name_plural = _("版面")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"],
                name="page_number_unique_in_edition",
                violation_error_message=_("这一期已经有这个版次了。"),
            )
        ]

    def __str__(self):
        return f"{self.edition.date:%Y-%m-%d} {self.label}"

    def get_absolute_url(self):
        return reverse(
            "articles:epaper-page",
            kwargs={**day_kwargs(self.edition.date), "number": self.number},
        )

    def get_pdf_url(self):
        return reverse(
            "articles:epaper-pdf",
            kwargs={**day_kwargs(self.edition.date), "number": self.number},
        )

    @property
    def label(self) -> str:
        """第2版 本地新闻, as readers and the page header say it."""
        return f"第{self.number}版 {self.name}".strip()

    def clean(self):
        if self.pdf and not self.image:
            raise ValidationError(
                {
                    "image": _(
                        "上传版面 PDF 时，请同时上传版面图片（热区要画在图片上）。"
                    )
                }
            )


class Hotspot(models.Model):
    """A rectangle on a page image that links to a story printed there.
    Stored as shares of the image's width and height (0 to 1), so it fits
    the image at any size it is shown."""

    page = models.ForeignKey(
        Page, verbose_name=_("版面"), on_delete=models.CASCADE, related_name="hotspots"
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("稿件"),
        on_delete=models.CASCADE,
        related_name="hotspots",
    )
    left = models.FloatField(_("左"))
    top = models.FloatField(_("上"))
    width = models.FloatField(_("宽"))
    height = models.FloatField(_("高"))

    class Meta:
        ordering = ["page", "top", "left"]
        verbose_name = _("热区")
        verbose_name_plural = _("热区")

    def __str__(self):
        return f"{self.page.label}：{self.article}"

    def clean(self):
        problems = hotspot_problems(self.left, self.top, self.width, self.height)
        if problems:
            raise ValidationError(problems)

    def style(self) -> str:
        """Its place as CSS percentages of the page image."""
        return (
            f"left:{self.left * 100:.3f}%;top:{self.top * 100:.3f}%;"
            f"width:{self.width * 100:.3f}%;height:{self.height * 100:.3f}%"
        )


def hotspot_problems(left, top, width, height) -> list[str]:
    """What is wrong with a rectangle's relative coordinates, in Chinese."""
    values = (left, top, width, height)
    if any(
        not isinstance(v, int | float) or isinstance(v, bool) or v != v for v in values
    ):
        return [str(_("热区的位置必须是数字。"))]
    problems = []
    if left < 0 or top < 0 or left + width > 1.0001 or top + height > 1.0001:
        problems.append(str(_("热区超出了版面图片的范围。")))
    if width < MIN_HOTSPOT_SIZE or height < MIN_HOTSPOT_SIZE:
        problems.append(str(_("热区太小了，请拖出一个更大的矩形。")))
    return problems
