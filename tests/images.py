"""Image files made for the photo tests: real formats, real EXIF, and the
kinds of broken and hostile files people upload."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg(size=(64, 48), colour=(200, 30, 30), **options):
    return encode(Image.new("RGB", size, colour), "JPEG", **options)


def jpeg_with_exif(
    *, orientation=1, gps=True, taken="2022:11:23 09:30:00", size=(60, 40)
):
    image = Image.new("RGB", size, (200, 0, 0))
    # A white left edge, so the turn an orientation asks for can be seen.
    image.paste((255, 255, 255), (0, 0, 10, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Camera Maker"
    if gps:
        exif.get_ifd(0x8825).update(
            {1: "N", 2: (31.0, 46.0, 30.0), 3: "E", 4: (119.0, 57.0, 0.0)}
        )
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    return encode(image, "JPEG", exif=exif)


def png_claiming(width, height):
    """A PNG whose header claims a size its data does not have."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def animated_gif(frames=5, size=(20, 20)):
    images = [Image.new("RGB", size, (i * 40, 200 - i * 30, 90)) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type)


def sixteen_bit_gradient(size=64):
    """A 16-bit greyscale PNG using the whole range, as scanners write them."""
    image = Image.new("I;16", (size, size))
    for x in range(size):
        for y in range(size):
            image.putpixel((x, y), x * 65535 // (size - 1))
    return image


def half_transparent_palette(size=(30, 30)):
    image = Image.new("P", size, 0)
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (0, 0, size[0] // 2, size[1]))  # index 1 is transparent
    return image


def corrupt_jpeg():
    """A JPEG whose frame header has been overwritten."""
    data = bytearray(jpeg())
    start = data.find(b"\xff\xc0")
    data[start + 2 : start + 12] = b"\xff" * 10
    return bytes(data)


# Polyglots: valid images that are also web pages, as an attacker makes them.
MARKUP = b"<img src=x onerror=alert(document.domain)>"


def _picture(size=(64, 48)):
    """A picture with detail (not one colour), so pixels can be compared."""
    return Image.effect_mandelbrot(size, (-2.0, -1.2, 1.0, 1.2), 60).convert("RGB")


def polyglots():
    """(name, data, MIME type of the image) for each way of hiding markup."""
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", MARKUP.decode())
    text.add_itxt("Description", MARKUP.decode())
    frames = [_picture().rotate(angle) for angle in (0, 90, 180)]
    return [
        ("jpeg-comment.jpg", encode(_picture(), "JPEG", comment=MARKUP), "image/jpeg"),
        (
            "jpeg-appended.jpg",
            encode(_picture(), "JPEG") + MARKUP,
            "image/jpeg",
        ),
        ("png-text.png", encode(_picture(), "PNG", pnginfo=text), "image/png"),
        (
            "gif-trailing.gif",
            encode(frames[0], "GIF", save_all=True, append_images=frames[1:], loop=0)
            + MARKUP,
            "image/gif",
        ),
    ]
