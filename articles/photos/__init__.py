"""The photo desk's image handling: checking uploads, reading what the camera
recorded, and making the renditions readers get.

An upload is judged by its content, never its name: it must open as one of
the allowed formats, fit the size and pixel limits (counting every frame of an
animation), decode completely, and carry no markup. The original is kept as
uploaded; readers only ever get renditions, re-encoded without EXIF, so no GPS
position or camera serial reaches them.
"""

from .checks import (
    CheckedImage,
    ImageRejected,
    check_upload,
    file_checksum,
    upright_size,
)
from .renditions import (
    CARD_SIZE,
    FORMATS,
    WIDTHS,
    card_url,
    delete_files,
    focal_crop,
    make_card,
    make_rendition,
    make_renditions,
    rendition_name,
    rendition_url,
    rendition_widths,
    srcset,
    stored_names,
)

__all__ = [
    "CARD_SIZE",
    "FORMATS",
    "WIDTHS",
    "CheckedImage",
    "ImageRejected",
    "card_url",
    "check_upload",
    "delete_files",
    "file_checksum",
    "focal_crop",
    "make_card",
    "make_rendition",
    "make_renditions",
    "rendition_name",
    "rendition_url",
    "rendition_widths",
    "srcset",
    "stored_names",
    "upright_size",
]
