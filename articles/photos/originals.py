"""What of an upload is kept as the original: the image data, its colour
profile and its EXIF, and nothing else.

A file can be a valid image and a web page at once: markup in a JPEG comment,
a PNG text chunk, a GIF comment, or after the image's end. The markup filter
in checks.py knows only some markup, so the original is rebuilt from the
parts an image needs, whatever else the file carries. Pixels are never
re-encoded: segments and chunks are copied as they are, so the picture is
bit for bit the one uploaded. EXIF stays in the original (the photo desk
reads the capture time from it); readers only get renditions, which carry
none.
"""

from __future__ import annotations

import re
import struct
import zlib

#: The start of an HTML tag that can run script or load content. Metadata we
#: keep (EXIF, ICC) holds free text; a match there has its "<" replaced by a
#: space, same length, so no offset moves and the text is inert.
TAG_START = re.compile(
    rb"<(?=\s*/?\s*(?:script|img|svg|iframe|html|body|object|embed|style|meta|"
    rb"link|math|details|video|audio|source|input|form|base|frame|a\s|x:xmpmeta|"
    rb"!doctype|\?php|\?xml)\b)",
    re.IGNORECASE,
)


def inert(metadata: bytes) -> bytes:
    """Metadata with any markup's opening bracket blanked."""
    return TAG_START.sub(b" ", metadata)


class Unreadable(ValueError):
    """The file's structure could not be followed (truncated or corrupt)."""


#: Pillow's format name → (MIME type, file extension) of the stored original.
MIME_TYPES = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
    "AVIF": ("image/avif", "avif"),
}


def clean_original(data: bytes, format: str) -> bytes:
    """The image data of `data` (a file Pillow opened as `format`), without
    comments, text, foreign metadata or trailing bytes."""
    cleaner = {
        "JPEG": _clean_jpeg,
        "PNG": _clean_png,
        "GIF": _clean_gif,
        "WEBP": _clean_webp,
        "AVIF": _clean_isobmff,
    }[format]
    try:
        return cleaner(data)
    except (IndexError, ValueError, struct.error):  # past the end, no NUL…
        raise Unreadable(format) from None


# ------------------------------------------------------------------- JPEG

SOI, EOI, SOS, COM = 0xD8, 0xD9, 0xDA, 0xFE


def _jpeg_segment_kept(marker: int, payload: bytes) -> bytes | None:
    """The payload to keep for one marker segment, or None to drop it."""
    if marker == COM:
        return None
    if 0xE0 <= marker <= 0xEF:  # APPn: application metadata
        if marker == 0xE0 and payload[:5] == b"JFIF\x00" and len(payload) >= 12:
            # Density only: the JFIF thumbnail is free-form bytes.
            return payload[:12] + b"\x00\x00"
        if marker == 0xE1 and payload[:6] == b"Exif\x00\x00":
            return inert(payload)
        if marker == 0xE2 and payload[:12] == b"ICC_PROFILE\x00":
            return inert(payload)
        if marker == 0xEE and payload[:5] == b"Adobe" and len(payload) >= 12:
            # Says how to read the colours of CMYK and RGB JPEGs.
            return payload[:12]
        return None  # XMP, MPF, Photoshop IRB, vendor blocks…
    if 0xF0 <= marker <= 0xFD:  # reserved JPGn extensions
        return None
    return payload  # frame, tables, restart interval: the image itself


def _clean_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise Unreadable("JPEG")
    kept = [b"\xff\xd8"]
    pos, end, ended = 2, len(data), False
    while pos < end:
        if data[pos] != 0xFF:
            raise Unreadable("JPEG")
        while pos < end and data[pos] == 0xFF:  # fill bytes
            pos += 1
        marker = data[pos]
        pos += 1
        if marker == EOI:
            ended = True
            break  # whatever follows the image's end is dropped
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # RSTn, TEM: no length
            kept.append(bytes([0xFF, marker]))
            continue
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > end:
            raise Unreadable("JPEG")
        payload = data[pos + 2 : pos + length]
        pos += length
        payload = _jpeg_segment_kept(marker, payload)
        if payload is not None:
            kept.append(bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big"))
            kept.append(payload)
        if marker == SOS:
            scan_end = _end_of_scan(data, pos)
            kept.append(data[pos:scan_end])
            pos = scan_end
    if not ended:
        # Cut short: the decoder would fill the rest grey once we add the
        # end marker, so it is refused here, cheaply, before any decoding.
        raise Unreadable("JPEG")
    kept.append(b"\xff\xd9")
    return b"".join(kept)


def _end_of_scan(data: bytes, pos: int) -> int:
    """Where a scan's entropy-coded data ends: at the first marker that is
    neither a stuffed 0xFF00 nor a restart marker (kept with the scan)."""
    while True:
        found = data.find(b"\xff", pos)
        if found < 0 or found + 1 >= len(data):
            return len(data)
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos = found + 2
            continue
        if following == 0xFF:
            pos = found + 1
            continue
        return found


# -------------------------------------------------------------------- PNG

#: Chunks a PNG (or APNG) needs to show its pixels and colours right, plus
#: its EXIF. Text (tEXt, zTXt, iTXt), time and private chunks are dropped.
PNG_CHUNKS = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"cHRM",
    b"gAMA",
    b"iCCP",
    b"sBIT",
    b"sRGB",
    b"cICP",
    b"bKGD",
    b"pHYs",
    b"acTL",
    b"fcTL",
    b"fdAT",
    b"eXIf",
}


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def _clean_png(data: bytes) -> bytes:
    signature = b"\x89PNG\r\n\x1a\n"
    if data[:8] != signature:
        raise Unreadable("PNG")
    kept = [signature]
    pos = 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        payload = data[pos + 8 : pos + 8 + length]
        if len(payload) != length:
            raise Unreadable("PNG")
        pos += 12 + length
        if kind == b"iCCP":
            # The profile's name is free text: only the profile itself is kept.
            payload = b"ICC profile\x00" + payload[payload.index(b"\x00") + 1 :]
        if kind == b"eXIf":
            payload = inert(payload)
        if kind in PNG_CHUNKS:
            kept.append(_png_chunk(kind, payload))
        if kind == b"IEND":
            return b"".join(kept)
    if not any(chunk[4:8] == b"IDAT" for chunk in kept):
        raise Unreadable("PNG")
    return b"".join(kept) + _png_chunk(b"IEND", b"")  # Pillow reads it without


# -------------------------------------------------------------------- GIF


def _gif_sub_blocks(data: bytes, pos: int) -> int:
    """Where a run of data sub-blocks ends (after its zero-length one)."""
    while True:
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos


def _clean_gif(data: bytes) -> bytes:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise Unreadable("GIF")
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    kept = [data[:pos]]
    while pos < len(data):
        introducer = data[pos]
        if introducer == 0x3B:  # trailer: whatever follows is dropped
            break
        if introducer == 0x2C:  # image: descriptor, local colours, LZW data
            flags = data[pos + 9]
            start = pos
            pos += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            pos = _gif_sub_blocks(data, pos + 1)  # after the LZW code size
            kept.append(data[start:pos])
        elif introducer == 0x21:
            start, label = pos, data[pos + 1]
            pos = _gif_sub_blocks(data, pos + 2)
            application = data[start + 3 : start + 14]
            # Frame timing and the loop count; comments and text are dropped.
            if label == 0xF9 or (
                label == 0xFF and application in (b"NETSCAPE2.0", b"ANIMEXTS1.0")
            ):
                kept.append(data[start:pos])
        else:
            raise Unreadable("GIF")
    kept.append(b"\x3b")
    return b"".join(kept)


# ------------------------------------------------------------------- WebP

WEBP_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP", b"EXIF"}
VP8X_XMP_FLAG = 0x04


def _clean_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise Unreadable("WEBP")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = min(8 + riff_size, len(data))  # bytes past the RIFF are dropped
    kept = []
    pos = 12
    while pos + 8 <= end:
        kind = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        payload = data[pos + 8 : pos + 8 + length]
        pos += 8 + length + (length & 1)
        if kind == b"VP8X":  # no XMP any more
            payload = bytes([payload[0] & ~VP8X_XMP_FLAG]) + payload[1:]
        if kind in (b"EXIF", b"ICCP"):
            payload = inert(payload)
        if kind in WEBP_CHUNKS:
            padding = b"\x00" if length & 1 else b""
            kept.append(kind + struct.pack("<I", length) + payload + padding)
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# ------------------------------------------------------------------- AVIF

#: Top-level ISO BMFF boxes an AVIF image is made of.
AVIF_BOXES = {b"ftyp", b"meta", b"moov", b"mdat"}


def _clean_isobmff(data: bytes) -> bytes:
    """AVIF items are found by absolute file offsets, so boxes cannot be
    removed from before them: any other top-level box is blanked in place
    (a `free` box of zeros), and bytes after the last box are dropped."""
    kept = []
    pos = 0
    while pos + 8 <= len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            header = 16
        elif size == 0:
            size = len(data) - pos
        if size < header or pos + size > len(data):
            break
        if kind in AVIF_BOXES:
            kept.append(data[pos : pos + size])
        else:
            kept.append(struct.pack(">I", size) + b"free" + bytes(size - 8))
        pos += size
    if not kept:
        raise Unreadable("AVIF")
    return b"".join(kept)


# ------------------------------------------------------- serving the files


def media_headers(name: str) -> dict[str, str]:
    """The headers a stored file is served with, from the media origin (S3
    object parameters, or the development server): its type from its name,
    which add_photo derives from the format found in the file, never from
    what the client sent; and originals (`photos/…`) as downloads, so even a
    file a browser would take for a page is never shown as one."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    types = {ext: mime for mime, ext in MIME_TYPES.values()} | {"jpeg": "image/jpeg"}
    headers = {"Content-Type": types.get(extension, "application/octet-stream")}
    if name.startswith("photos/"):
        headers["Content-Disposition"] = "attachment"
    return headers
