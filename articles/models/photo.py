import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .. import limits, photos
from .bylines import format_byline
from .content import Article


def photo_upload_to(photo, filename):
    """Store every upload under a generated name: whatever the client called
    the file (`../../x.jpg`, `x.php.jpg`, 300 characters) never reaches the
    storage."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}:
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
    # An upload is stored at once and decoded by a background task
    # (articles.photos.tasks); until then it has no renditions to show.
    # Photos made any other way (fixtures, older rows) are ready: their
    # renditions are made on first use.
    PROCESSING, READY, FAILED = "processing", "ready", "failed"
    status = models.CharField(
        _("处理状态"),
        max_length=10,
        choices=[
            (PROCESSING, _("处理中")),
            (READY, _("可用")),
            (FAILED, _("处理失败")),
        ],
        default=READY,
        editable=False,
        db_index=True,
    )
    processing_error = models.CharField(
        _("处理失败原因"), max_length=300, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("图片")
        verbose_name_plural = _("图片")

    def __str__(self):
        return self.caption[:40] or self.image.name

    def save(self, *args, **kwargs):
        if self.image and not self.checksum:
            self.checksum = photos.file_checksum(self.image)
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
    def ready(self):
        return self.status == self.READY

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

    def clean(self):
        # A story has at most MAX_PHOTOS photos (articles/limits.py).
        if self.article_id:
            limits.check_room(
                ArticlePhoto.objects.filter(article_id=self.article_id),
                self,
                limits.MAX_PHOTOS,
                limits.too_many_photos_message(),
            )

    def display_caption(self):
        return self.caption or self.photo.caption
