"""The photo desk's image handling: checking uploads, reading what the camera
recorded, and making the renditions readers get.

An upload is judged by its content, never its name: it must open as one of
the allowed formats, fit the size and pixel limits (counting every frame of an
animation), decode completely, and carry no markup. The original is kept as
uploaded; readers only ever get renditions, re-encoded without EXIF, so no GPS
position or camera serial reaches them.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, ImageOps, UnidentifiedImageError

#: What Pillow calls the formats we accept.
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "AVIF", "HEIF"}
#: Widths the public pages ask for; never upscaled past the original.
WIDTHS = (320, 640, 960, 1280, 1920)
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}
MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|\?php)", re.IGNORECASE)
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 0x9003


class ImageRejected(ValueError):
    """An upload that is not an image we accept; the message says why."""


@dataclass
class CheckedImage:
    format: str
    width: int  # upright, after the EXIF orientation
    height: int
    frames: int
    taken_at: datetime | None


def check_upload(upload) -> CheckedImage:
    """Judge an uploaded file by its content. Raises ImageRejected."""
    size = getattr(upload, "size", None)
    if not size:
        raise ImageRejected("这是一个空文件。")
    limit = settings.NEWSROOM_PHOTO_MAX_BYTES
    if size > limit:
        raise ImageRejected(
            f"文件有 {size / 1024 / 1024:.1f} MB，"
            f"超过了 {limit / 1024 / 1024:.0f} MB 的上限。"
        )
    upload.seek(0)
    head = upload.read(limit + 1)
    upload.seek(0)
    if markup := MARKUP.search(head):
        if markup.group(1).lower() == b"svg":
            raise ImageRejected(
                "不接受 SVG 图片：它可以携带脚本。请导出为 PNG 或 JPEG。"
            )
        raise ImageRejected("文件里夹带了网页或脚本内容，不能作为图片上传。")
    max_pixels = settings.NEWSROOM_PHOTO_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow only warns past its own limit and refuses at twice it:
            # here its warning is a refusal too. Our own, lower limit is
            # checked below from the header, before any pixel is decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(head)) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise ImageRejected(
                        f"不支持 {image.format} 格式；"
                        "请上传 JPEG、PNG、WebP、GIF 或 AVIF 图片。"
                    )
                frames = getattr(image, "n_frames", 1)
                pixels = image.width * image.height * frames
                if pixels > max_pixels:
                    raise ImageRejected(
                        f"图片有 {pixels / 1_000_000:.0f} 百万像素"
                        f"{'（含全部动画帧）' if frames > 1 else ''}，"
                        f"超过了 {max_pixels / 1_000_000:.0f} 百万像素的上限。"
                    )
                exif = image.getexif()
                image.load()  # decode it all: truncated or corrupt files fail here
                upright = ImageOps.exif_transpose(image.copy()) if exif else image
                return CheckedImage(
                    format=image.format,
                    width=upright.width,
                    height=upright.height,
                    frames=frames,
                    taken_at=_taken_at(exif),
                )
    except ImageRejected:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as bomb:
        claimed = re.search(r"\((\d+) pixels\)", str(bomb))
        count = ""
        if claimed:
            count = f"有 {int(claimed.group(1)) / 1_000_000:.0f} 百万像素，"
        raise ImageRejected(
            f"图片{count}超过了 {max_pixels / 1_000_000:.0f} 百万像素的上限。"
        ) from None
    except UnidentifiedImageError:
        raise ImageRejected(
            "无法识别为图片。请上传 JPEG、PNG、WebP、GIF 或 AVIF 文件"
            "（不接受 SVG、PDF、EPS、PSD 等）。"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRejected(
            f"图片文件不完整或已损坏（{error.__class__.__name__}）。"
        ) from None


def upright_size(file) -> tuple[int, int]:
    file.seek(0)
    with Image.open(file) as image:
        width, height = image.size
        if image.getexif().get(0x0112) in (5, 6, 7, 8):
            width, height = height, width
    file.seek(0)
    return width, height


def _taken_at(exif) -> datetime | None:
    """DateTimeOriginal, read as the newsroom's local time."""
    raw = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) if exif else None
    try:
        moment = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except (TypeError, ValueError):
        return None
    return moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


# ------------------------------------------------------------------ renditions


def rendition_widths(photo) -> list[int]:
    widths = [w for w in WIDTHS if w < photo.width] + [min(photo.width, WIDTHS[-1])]
    return sorted(set(widths))


def rendition_name(photo, width: int | str, extension: str) -> str:
    """Where a rendition is stored: named after the photo's content and focal
    point, so a changed photo gets new names and old ones can be cached
    forever."""
    return f"renditions/{photo.pk}/{photo.rendition_key}/{width}.{extension}"


def rendition_url(photo, width: int, extension: str) -> str:
    return reverse(
        "articles:rendition",
        kwargs={
            "pk": photo.pk,
            "key": photo.rendition_key,
            "width": width,
            "extension": extension,
        },
    )


def srcset(photo, extension: str) -> str:
    return ", ".join(
        f"{rendition_url(photo, width, extension)} {width}w"
        for width in rendition_widths(photo)
    )


def make_rendition(photo, width: int, extension: str) -> str:
    """Make (or find) one rendition; returns its storage name."""
    name = rendition_name(photo, width, extension)
    if default_storage.exists(name):
        return name
    pillow_format, _mime = FORMATS[extension]
    with photo.image.open("rb") as source, Image.open(source) as image:
        image.seek(0)  # animations: the first frame
        frame = ImageOps.exif_transpose(image)
        frame = _to_rgb(frame, keep_alpha=extension == "webp")
        if frame.width > width:
            height = round(frame.height * width / frame.width)
            frame = frame.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        # No exif= argument: the rendition carries no metadata at all.
        frame.save(buffer, pillow_format, quality=82, optimize=True)
    return default_storage.save(name, ContentFile(buffer.getvalue()))


#: The picture link previews and search engines show (Open Graph, JSON-LD).
CARD_SIZE = (1200, 630)


def focal_crop(image, size, focal=(0.5, 0.5)):
    """Crop to the shape of `size` keeping the focal point (0–1, 0–1) as near
    the middle as the picture allows, then scale down to `size`."""
    width, height = image.size
    ratio = size[0] / size[1]
    if width / height > ratio:
        crop_width, crop_height = round(height * ratio), height
    else:
        crop_width, crop_height = width, round(width / ratio)
    left = min(max(round(focal[0] * width - crop_width / 2), 0), width - crop_width)
    top = min(max(round(focal[1] * height - crop_height / 2), 0), height - crop_height)
    cropped = image.crop((left, top, left + crop_width, top + crop_height))
    if cropped.width > size[0]:
        cropped = cropped.resize(size, Image.Resampling.LANCZOS)
    return cropped


def make_card(photo) -> str:
    """The 1200×630 card, cropped around the photo's focal point."""
    name = rendition_name(photo, "card", "jpg")
    if default_storage.exists(name):
        return name
    focal = (
        (photo.focal_x, photo.focal_y)
        if photo.focal_x is not None and photo.focal_y is not None
        else (0.5, 0.5)
    )
    with photo.image.open("rb") as source, Image.open(source) as image:
        image.seek(0)
        frame = _to_rgb(ImageOps.exif_transpose(image), keep_alpha=False)
        buffer = io.BytesIO()
        focal_crop(frame, CARD_SIZE, focal).save(buffer, "JPEG", quality=82)
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def card_url(photo) -> str:
    return reverse(
        "articles:photo-card", kwargs={"pk": photo.pk, "key": photo.rendition_key}
    )


def make_renditions(photo) -> list[str]:
    return [
        make_rendition(photo, width, extension)
        for width in rendition_widths(photo)
        for extension in FORMATS
    ] + [make_card(photo)]


def stored_names(photo) -> list[str]:
    """Every file a photo has in storage: the original and its renditions."""
    names = [photo.image.name] if photo.image else []
    return (
        names
        + [
            rendition_name(photo, width, extension)
            for width in rendition_widths(photo)
            for extension in FORMATS
        ]
        + [rendition_name(photo, "card", "jpg")]
    )


def delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _to_rgb(image, *, keep_alpha):
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits rather than clip.
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode == "CMYK":
        image = image.convert("RGB")
    if image.mode in ("RGBA", "LA"):
        if keep_alpha:
            return image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.convert("RGBA").getchannel("A"))
        return background
    return image.convert("RGB")
