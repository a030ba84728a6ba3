"""Checks on a page's uploads: a PDF that is a PDF, an image Pillow can
read, each under its size limit. Refusals are Chinese and name the file."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
#: A page scanned at print resolution is a few megabytes; these leave room.
IMAGE_MAX_BYTES = getattr(settings, "NEWSROOM_PAGE_IMAGE_MAX_BYTES", 20 * 1024**2)
PDF_MAX_BYTES = getattr(settings, "NEWSROOM_PAGE_PDF_MAX_BYTES", 40 * 1024**2)
IMAGE_MAX_PIXELS = 60_000_000


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:.1f}"


def check_pdf(upload) -> None:
    """A PDF starts with %PDF- and ends with %%EOF near its end; a renamed
    Word file or a half-uploaded PDF does not."""
    name = upload.name
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s”有 %(size)s MB，版面 PDF 最大 %(max)s MB。")
            % {
                "name": name,
                "size": _megabytes(upload.size),
                "max": _megabytes(PDF_MAX_BYTES),
            }
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, upload.size - 2048))
    tail = upload.read()
    upload.seek(0)
    if b"%PDF-" not in head[:1024]:
        raise ValidationError(
            _("“%(name)s”不是 PDF 文件，请上传版面的 PDF。") % {"name": name}
        )
    if b"%%EOF" not in tail:
        raise ValidationError(
            _("“%(name)s”不完整（PDF 文件缺少结尾），请重新导出后上传。")
            % {"name": name}
        )


def check_image(upload) -> tuple[int, int, str]:
    """The image's width, height and file extension, or a refusal."""
    name = upload.name
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s”有 %(size)s MB，版面图片最大 %(max)s MB。")
            % {
                "name": name,
                "size": _megabytes(upload.size),
                "max": _megabytes(IMAGE_MAX_BYTES),
            }
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("“%(name)s”有 %(w)d×%(h)d 像素，太大了，请缩小后上传。")
                    % {"name": name, "w": width, "h": height}
                )
            image.verify()
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            _("“%(name)s”不是能打开的图片，请上传 JPEG、PNG 或 WebP 格式的版面图片。")
            % {"name": name}
        ) from None
    finally:
        upload.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(
            _("“%(name)s”是 %(kind)s 格式，版面图片只收 JPEG、PNG 或 WebP。")
            % {"name": name, "kind": kind}
        )
    return width, height, IMAGE_FORMATS[kind]
