"""The renditions readers get: re-encoded without EXIF, so no GPS position
or camera serial reaches them, at the widths the public pages ask for, and
the link-preview card cropped around the focal point.

They are made from one decode of the original, at the smallest scale they
need: a JPEG is decoded reduced (Image.draft, 1/2 to 1/8 of each side in
the decoder itself), so a 59-megapixel photo costs a few megapixels of
memory, not a gigabyte."""

from __future__ import annotations

import io
import math
import warnings

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, ImageOps

from .checks import DAMAGED_FILE_ERRORS, ImageRejected, check_pixels, damaged

#: Widths the public pages ask for; never upscaled past the original.
WIDTHS = (320, 640, 960, 1280, 1920)
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}


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


def decode(photo, width: int | None = None, height: int | None = None):
    """The photo's picture (first frame of an animation), upright, decoded
    at the smallest scale that still gives `width`×`height` upright pixels
    (by default what every rendition and the card need). A JPEG is decoded
    reduced by its decoder (Image.draft); other formats are decoded whole,
    bounded by the pixel limit. Raises ImageRejected, in Chinese, for a file
    over the pixel limit, truncated or damaged."""
    if width is None:
        width = min(photo.width, WIDTHS[-1])
        height = CARD_SIZE[1]
    # No side of the scaled picture may fall below what was asked for.
    scale = (
        min(1.0, max(width / photo.width, (height or 1) / photo.height))
        if photo.width and photo.height
        else 1.0
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with photo.image.open("rb") as source, Image.open(source) as image:
                check_pixels(image)
                image.seek(0)  # animations: the first frame
                if image.format == "JPEG" and scale < 1:
                    stored_width, stored_height = image.size
                    image.draft(
                        None,
                        (
                            max(1, math.ceil(stored_width * scale)),
                            max(1, math.ceil(stored_height * scale)),
                        ),
                    )
                image.load()  # a truncated or damaged file fails here
                return ImageOps.exif_transpose(image)  # a copy, upright
    except ImageRejected:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageRejected("图片像素过多，超过了上限。") from None
    except DAMAGED_FILE_ERRORS as error:
        raise damaged(error) from None


def make_rendition(photo, width: int, extension: str, frame=None) -> str:
    """Make (or find) one rendition, from `frame` (decode's result) or a
    decode of its own; returns its storage name."""
    name = rendition_name(photo, width, extension)
    if default_storage.exists(name):
        return name
    pillow_format, _mime = FORMATS[extension]
    if frame is None:
        frame = decode(photo, width, 1)
    frame = _to_rgb(frame, keep_alpha=extension == "webp")
    if frame.width > width:
        # Never 0 high, even for a strip accepted before the shape check.
        height = max(1, round(frame.height * width / frame.width))
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


def make_card(photo, frame=None) -> str:
    """The 1200×630 card, cropped around the photo's focal point, from
    `frame` (decode's result) or a decode of its own."""
    name = rendition_name(photo, "card", "jpg")
    if default_storage.exists(name):
        return name
    focal = (
        (photo.focal_x, photo.focal_y)
        if photo.focal_x is not None and photo.focal_y is not None
        else (0.5, 0.5)
    )
    if frame is None:
        frame = decode(photo, *CARD_SIZE)
    frame = _to_rgb(frame, keep_alpha=False)
    buffer = io.BytesIO()
    focal_crop(frame, CARD_SIZE, focal).save(buffer, "JPEG", quality=82)
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def card_url(photo) -> str:
    return reverse(
        "articles:photo-card", kwargs={"pk": photo.pk, "key": photo.rendition_key}
    )


def make_renditions(photo, frame=None) -> list[str]:
    """Every rendition and the card, all from one decode. Raises
    ImageRejected (see decode)."""
    if frame is None:
        frame = decode(photo)
    return [
        make_rendition(photo, width, extension, frame)
        for width in rendition_widths(photo)
        for extension in FORMATS
    ] + [make_card(photo, frame)]


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
