"""Bringing originals stored before add_photo cleaned them up to today's
rule: markup in comments or after the image's end, and (on S3) the type the
browser claimed, stay in the bucket until each original is written again."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadedfile import SimpleUploadedFile

from .adding import prepare_upload
from .renditions import delete_files, make_renditions, stored_names


def restore_original(photo) -> bool:
    """Write a photo's original again as add_photo stores one: cleaned, named
    after its format, with the storage's headers; then its renditions (their
    key follows the checksum). Returns whether the bytes changed. Raises
    ImageRejected for a stored file that no longer passes the checks."""
    with photo.image.open("rb") as stored:
        data = stored.read()
    image = prepare_upload(SimpleUploadedFile(PurePath(photo.image.name).name, data))
    changed = image.file.getvalue() != data
    old_names = stored_names(photo)
    photo.image.save(image.name, image, save=False)  # a new generated name
    photo.checksum = image.checksum
    photo.save(update_fields=["image", "checksum"])
    delete_files(old_names)  # renditions under an unchanged key are made again
    make_renditions(photo)
    return changed
