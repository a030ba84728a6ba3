"""The photo desk's image handling: checking uploads, reading what the camera
recorded, and making the renditions readers get.

An upload is judged by its content, never its name: it must open as one of
the allowed formats, fit the size and pixel limits (counting every frame of an
animation), and carry no markup, all read from its headers in the request; a
background task then decodes it (at reduced scale for a JPEG) and makes its
renditions, and until then the photo is 处理中. The original keeps only
its image data, colour profile and EXIF (no comments, text chunks or trailing
bytes), stored under the type found in it; readers only ever get renditions,
re-encoded without EXIF, so no GPS position or camera serial reaches them.
Every upload path goes through add_photo.
"""

from .adding import add_photo, prepare_upload
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
from .tasks import process_photo, start_processing

__all__ = [
    "add_photo",
    "prepare_upload",
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
    "process_photo",
    "start_processing",
    "rendition_name",
    "rendition_url",
    "rendition_widths",
    "srcset",
    "stored_names",
    "upright_size",
]
