import hashlib
import itertools
import uuid
from pathlib import PurePath
from typing import NamedTuple

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from accounts import roles
from accounts.models import Correspondent

from .. import photos
from ..text import BODY_EXTENSIONS, count_characters, index_text, plain_text


class Section(models.Model):
    """A section of the site, or a named column (栏目) such as 维权课堂."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    description = models.TextField(_("简介"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_column = models.BooleanField(
        _("专栏"), default=False, help_text=_("报纸上有固定栏目名的专栏。")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its publish time has come."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            publish_at__lte=timezone.now(),
            spiked_at__isnull=True,
        )

    def in_play(self):
        """Every story but the spiked ones (废稿): what newsroom lists show."""
        return self.filter(spiked_at__isnull=True)

    def spiked(self):
        return self.filter(spiked_at__isnull=False)

    def visible_to(self, user):
        """The stories this user may see in the admin: outside correspondents
        see only the stories they filed or are credited on."""
        if not roles.is_outside_contributor(user):
            return self
        return self.filter(
            Q(created_by=user) | Q(credits__correspondent__user=user)
        ).distinct()

    def with_bylines(self):
        """Everything a list of stories prints, fetched in a fixed number of
        queries."""
        return self.select_related("section").prefetch_related(
            models.Prefetch(
                "credits",
                queryset=Credit.objects.select_related("correspondent"),
            )
        )


class Article(models.Model):
    class Kind(models.TextChoices):
        STORY = "story", _("消息/通讯")
        PHOTO = "photo", _("图片新闻")
        BRIEF = "brief", _("简讯")
        COLUMN = "column", _("专栏文章")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审")
        RETURNED = "returned", _("退回")
        APPROVED = "approved", _("已签发")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤稿")

    kind = models.CharField(
        _("稿件类型"), max_length=10, choices=Kind.choices, default=Kind.STORY
    )
    kicker = models.CharField(_("引题"), max_length=120, blank=True)
    headline = models.CharField(_("主题"), max_length=120)
    subtitle = models.CharField(_("副题"), max_length=120, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = ProseEditorField(
        _("正文"), extensions=BODY_EXTENSIONS, sanitize=True, blank=True
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("栏目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = TaggableManager(_("标签"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    stage = models.PositiveSmallIntegerField(
        _("审稿环节"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("待审稿件所在的环节，从 1 起数（1 为初审）。"),
    )
    publish_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    first_published_at = models.DateTimeField(
        _("首次发布时间"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="articles_created",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    char_count = models.PositiveIntegerField(_("字数"), default=0, editable=False)
    print_date = models.DateField(_("见报日期"), null=True, blank=True)
    print_page = models.PositiveSmallIntegerField(_("版次"), null=True, blank=True)
    search_text = models.TextField(_("检索词"), blank=True, editable=False)
    import_key = models.CharField(
        _("导入标识"), max_length=40, blank=True, db_index=True, editable=False
    )
    # 废稿: a spiked story leaves every list but is kept; articles.spike.
    spiked_at = models.DateTimeField(
        _("作废时间"), null=True, blank=True, editable=False
    )
    spiked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    spike_reason = models.CharField(
        _("作废理由"), max_length=200, blank=True, editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")
        permissions = [
            ("review_article", _("可以审稿")),
            ("publish_article", _("可以签发和发布稿件")),
            ("withdraw_article", _("可以撤稿")),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            models.Index(fields=["section", "status", "publish_at"]),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # The form sanitises too; this covers every other writer (commands,
        # imports, the shell), so nothing executable is ever stored.
        self.body = self._meta.get_field("body").sanitize(self.body or "")
        self.char_count = count_characters(self.body)
        self.search_text = index_text(
            self.kicker,
            self.headline,
            self.subtitle,
            self.summary,
            plain_text(self.body),
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk})

    def byline(self):
        """The byline as the paper prints it, e.g. `通讯员 宋雨桐 记者 林晓峰`."""
        return format_byline(self.credits.all())

    def is_live(self):
        return (
            self.spiked_at is None
            and self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )


def photo_upload_to(photo, filename):
    """Store every upload under a generated name: whatever the client called
    the file (`../../x.jpg`, `x.php.jpg`, 300 characters) never reaches the
    storage."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic"}:
        suffix = ".img"
    return f"photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Photo(models.Model):
    image = models.ImageField(
        _("图片"),
        upload_to=photo_upload_to,
        max_length=200,
    )
    width = models.PositiveIntegerField(_("宽"), default=0, editable=False)
    height = models.PositiveIntegerField(_("高"), default=0, editable=False)
    caption = models.TextField(_("图片说明"), blank=True)
    alt_text = models.CharField(
        _("替代文字"),
        max_length=250,
        blank=True,
        help_text=_("给读屏软件用户的画面描述，不写“图片”二字。"),
    )
    taken_at = models.DateTimeField(_("拍摄时间"), null=True, blank=True)
    focal_x = models.FloatField(
        _("焦点横坐标"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 为最左，1 为最右；裁切时保住画面主体。"),
    )
    focal_y = models.FloatField(
        _("焦点纵坐标"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 为最上，1 为最下。"),
    )
    checksum = models.CharField(
        _("校验值"), max_length=64, blank=True, db_index=True, editable=False
    )
    tags = TaggableManager(_("标签"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="photos_uploaded",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("图片")
        verbose_name_plural = _("图片")

    def __str__(self):
        return self.caption[:40] or self.image.name

    def save(self, *args, **kwargs):
        if self.image and not self.checksum:
            digest = hashlib.sha256()
            self.image.seek(0)
            for chunk in self.image.chunks():
                digest.update(chunk)
            self.checksum = digest.hexdigest()
        if self.image and not (self.width and self.height):
            # Upright size, after the EXIF orientation (the upload path sets it).
            self.width, self.height = photos.upright_size(self.image)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        names = photos.stored_names(self)
        result = super().delete(*args, **kwargs)
        # The files go only once the row is gone for good.
        transaction.on_commit(lambda: photos.delete_files(names))
        return result

    @property
    def rendition_key(self):
        """Changes when the picture or its focal point does (cache busting)."""
        focal = ""
        if self.focal_x is not None and self.focal_y is not None:
            focal = f"-{round(self.focal_x * 100)}x{round(self.focal_y * 100)}"
        return f"{self.checksum[:12]}{focal}"

    def srcset(self, extension="webp"):
        return photos.srcset(self, extension)

    def rendition_url(self, width=960, extension="jpg"):
        fitting = [w for w in photos.rendition_widths(self) if w <= width]
        return photos.rendition_url(self, fitting[-1] if fitting else width, extension)

    def credit_line(self):
        """The photo's credit as printed: `林晓峰 苏文杰 摄`."""
        return format_byline(self.credits.all())


class ArticlePhoto(models.Model):
    """One use of a photo in a story, with the caption for that use."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="article_photos"
    )
    photo = models.ForeignKey(
        Photo,
        verbose_name=_("图片"),
        on_delete=models.PROTECT,
        related_name="uses",
    )
    caption = models.TextField(
        _("本稿图片说明"), blank=True, help_text=_("留空则使用图片自带的说明。")
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("稿件图片")
        verbose_name_plural = _("稿件图片")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "photo"], name="articlephoto_once_per_article"
            )
        ]

    def __str__(self):
        return f"《{self.article.headline}》中的图片"

    def display_caption(self):
        return self.caption or self.photo.caption


class Credit(models.Model):
    """One entry of a byline, on a story or on a photo, in printed order."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("记者")
        CORRESPONDENT = "correspondent", _("通讯员")
        PHOTO = "photo", _("摄")
        TEXT_PHOTO = "text_photo", _("文/摄")
        SPECIAL = "special", _("特约")
        SPECIAL_WRITER = "special_writer", _("特约撰稿")
        INTERN = "intern", _("实习生")
        NONE = "", _("（无角色词）")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
    )
    photo = models.ForeignKey(
        Photo,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
    )
    correspondent = models.ForeignKey(
        Correspondent,
        verbose_name=_("署名人"),
        on_delete=models.PROTECT,
        related_name="credits",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("署名")
        verbose_name_plural = _("署名")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=False, photo__isnull=True)
                    | Q(article__isnull=True, photo__isnull=False)
                ),
                name="credit_on_article_xor_photo",
            )
        ]

    def __str__(self):
        word = PRINTED_ROLE[self.role]
        return f"{word} {self.correspondent.name}".strip()


#: The role words as the paper prints them, whatever the interface language.
PRINTED_ROLE = {
    Credit.Role.REPORTER: "记者",
    Credit.Role.CORRESPONDENT: "通讯员",
    Credit.Role.PHOTO: "摄",
    Credit.Role.TEXT_PHOTO: "文/摄",
    Credit.Role.SPECIAL: "特约",
    Credit.Role.SPECIAL_WRITER: "特约撰稿",
    Credit.Role.INTERN: "实习生",
    Credit.Role.NONE: "",
}
#: Roles printed after the names (`林晓峰 苏文杰 摄`); the others go before.
TRAILING_ROLES = {Credit.Role.PHOTO}


class BylineRun(NamedTuple):
    """Consecutive credits sharing one role word."""

    word: str
    correspondents: list
    trailing: bool


def byline_runs(credits) -> list[BylineRun]:
    runs = []
    for role, run in itertools.groupby(credits, key=lambda credit: credit.role):
        runs.append(
            BylineRun(
                word=PRINTED_ROLE.get(role, role),
                correspondents=[credit.correspondent for credit in run],
                trailing=role in TRAILING_ROLES,
            )
        )
    return runs


def format_byline(credits) -> str:
    """Print credits in order, one role word per run of names with that role:
    `通讯员 宋雨桐 顾嘉铭 记者 林晓峰`, `林晓峰 苏文杰 摄`, `江女工`."""
    parts = []
    for run in byline_runs(credits):
        names = [correspondent.name for correspondent in run.correspondents]
        if not run.word:
            parts += names
        elif run.trailing:
            parts += [*names, run.word]
        else:
            parts += [run.word, *names]
    return " ".join(parts)
