"""Adding a photo to the library: the one path every upload takes (the photo
form, the bulk upload, the story form's chooser, the demo), so each gets the
same checks, the same cleaned original and the same renditions."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadedfile import SimpleUploadedFile

from .checks import ImageRejected, check_upload, file_checksum
from .originals import MIME_TYPES, Unreadable, clean_original
from .tasks import start_processing


def prepare_upload(upload) -> SimpleUploadedFile:
    """The upload judged (checks.check_upload) and cleaned down to its image
    data (originals.clean_original), as the file to store: named and typed
    after the format found in it, never after what the client said. It
    carries `.checked` (what the check found) and `.checksum` (of the
    cleaned bytes, so the same picture uploaded twice is found even if one
    copy carried a comment). Raises ImageRejected.

    Done once per upload: forms prepare in their validation, and add_photo
    then reuses the result."""
    if prepared := getattr(upload, "prepared", None):
        return prepared
    checked = check_upload(upload)
    upload.seek(0)
    try:
        data = clean_original(upload.read(), checked.format)
    except Unreadable:
        raise ImageRejected(
            f"图片文件不完整或已损坏（无法解析 {checked.format} 结构）。"
        ) from None
    finally:
        upload.seek(0)
    mime, extension = MIME_TYPES[checked.format]
    stem = PurePath(upload.name or "photo").stem or "photo"
    prepared = SimpleUploadedFile(f"{stem}.{extension}", data, content_type=mime)
    prepared.checked = checked
    prepared.checksum = file_checksum(prepared)
    prepared.prepared = upload.prepared = prepared
    return prepared


def add_photo(upload, photo=None, *, uploaded_by=None, **fields):
    """Save a new photo from an upload: judged and cleaned (prepare_upload),
    with its size, capture time and checksum recorded from the file's
    headers; decoding it and making its renditions is left to a background
    task (tasks.process_photo), and until then it is 处理中. `photo` is an
    unsaved Photo to fill (a form's instance), else one is made from
    `fields`. Raises ImageRejected."""
    from ..models import Photo  # the model module imports this package

    image = prepare_upload(upload)
    photo = photo if photo is not None else Photo()
    for name, value in fields.items():
        setattr(photo, name, value)
    photo.image = image
    photo.checksum = image.checksum
    photo.width, photo.height = image.checked.width, image.checked.height
    if photo.taken_at is None:
        photo.taken_at = image.checked.taken_at
    if uploaded_by is not None:
        photo.uploaded_by = uploaded_by
    photo.save()
    start_processing(photo)
    return photo
