"""Judging an upload by its content, and reading what the camera recorded.

An upload must open as one of the allowed formats, fit the size and pixel
limits (counting every frame of an animation), and carry no markup; all
judged from its headers. Whether it decodes completely is found by the
background task that makes its renditions (articles.photos.tasks)."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import warnings
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from PIL import Image, UnidentifiedImageError

#: What Pillow calls the formats we accept.
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "AVIF"}
#: ISO BMFF brands of HEIF/HEIC files (iPhone photos). No HEIF decoder is
#: installed, so they are refused by name rather than as unrecognised.
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
HEIF_GENERIC_BRANDS = {b"mif1", b"msf1"}  # also AVIF's, unless it says avif
AVIF_BRANDS = {b"avif", b"avis"}
MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|\?php)", re.IGNORECASE)
#: Longest side over shortest: past this, the smallest renditions would be
#: a pixel or two across (or none). Wide panoramas are about 10:1.
MAX_ASPECT_RATIO = 50
EXIF_IFD = 0x8769
ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)  # orientations that swap width and height
DATETIME_ORIGINAL = 0x9003


class ImageRejected(ValueError):
    """An upload that is not an image we accept; the message says why."""


#: What Pillow raises on truncated or damaged files, at opening or decoding
#: (some found by fuzzing): each means the file is corrupt.
DAMAGED_FILE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    RuntimeError,  # the AVIF decoder's "Failed to decode image"
    TypeError,
    ZeroDivisionError,
    struct.error,
)


def damaged(error: Exception) -> ImageRejected:
    return ImageRejected(f"图片文件不完整或已损坏（{error.__class__.__name__}）。")


def check_pixels(image) -> None:
    """Refuse a picture over the pixel limit, from its header (every frame
    of an animation counted)."""
    max_pixels = settings.NEWSROOM_PHOTO_MAX_PIXELS
    frames = getattr(image, "n_frames", 1)
    pixels = image.width * image.height * frames
    if pixels > max_pixels:
        raise ImageRejected(
            f"图片有 {pixels / 1_000_000:.0f} 百万像素"
            f"{'（含全部动画帧）' if frames > 1 else ''}，"
            f"超过了 {max_pixels / 1_000_000:.0f} 百万像素的上限。"
        )


@dataclass
class CheckedImage:
    format: str
    width: int  # upright, after the EXIF orientation
    height: int
    frames: int
    taken_at: datetime | None


def check_upload(upload) -> CheckedImage:
    """Judge an uploaded file by its content, from its headers: no pixel is
    decoded here, so the upload request stays fast and small whatever the
    picture's size. Decoding (which finds a truncated or damaged file) is
    the background task's (articles.photos.tasks). Raises ImageRejected."""
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
    if _is_heif(head):
        raise ImageRejected(
            "暂不支持 HEIC/HEIF 格式（苹果手机的默认格式），"
            "请在手机上导出为 JPEG 后再上传。"
        )
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
                check_pixels(image)
                _check_shape(image.width, image.height)
                exif = _header_exif(image)
                width, height = image.size
                if exif.get(ORIENTATION) in TURNED:
                    width, height = height, width
                return CheckedImage(
                    format=image.format,
                    width=width,
                    height=height,
                    frames=getattr(image, "n_frames", 1),
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
    except DAMAGED_FILE_ERRORS as error:
        raise damaged(error) from None


def _check_shape(width: int, height: int) -> None:
    """Refuse a picture too thin for its renditions and crops to show
    anything (a 10000×10 strip would scale to 0 pixels high)."""
    long, short = max(width, height), min(width, height)
    if short == 0 or long / short > MAX_ASPECT_RATIO:
        raise ImageRejected(
            f"图片为 {width}×{height} 像素，过于细长"
            f"（长边最多是短边的 {MAX_ASPECT_RATIO} 倍），无法生成预览图。"
            "请裁切后再上传。"
        )


def _header_exif(image) -> Image.Exif:
    """The EXIF read without decoding the picture. Pillow's PNG reader
    decodes every pixel to look for an eXIf chunk after them; here a PNG's
    EXIF counts only if it comes before the pixels, as the PNG spec says
    it should."""
    if image.format != "PNG":
        return image.getexif()
    exif = Image.Exif()
    if raw := image.info.get("exif"):
        exif.load(raw)
    return exif


def _is_heif(head: bytes) -> bool:
    """Whether the file opens with the `ftyp` box of a HEIF/HEIC image."""
    if head[4:8] != b"ftyp":
        return False
    size = int.from_bytes(head[:4], "big")
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, min(max(size, 16), len(head)), 4)}
    if major in HEIF_BRANDS:
        return True
    return major in HEIF_GENERIC_BRANDS and not compatible & AVIF_BRANDS


def upright_size(file) -> tuple[int, int]:
    file.seek(0)
    with Image.open(file) as image:
        width, height = image.size
        if image.getexif().get(ORIENTATION) in TURNED:
            width, height = height, width
    file.seek(0)
    return width, height


def file_checksum(file) -> str:
    """The SHA-256 of the whole file, which finds the same photo uploaded
    twice; the file is left at its start."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _taken_at(exif) -> datetime | None:
    """DateTimeOriginal, read as the newsroom's local time."""
    raw = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) if exif else None
    try:
        moment = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except (TypeError, ValueError):
        return None
    return moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
