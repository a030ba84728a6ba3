"""The work an upload leaves for later: decoding the stored original and
making its renditions, in a background task (django.tasks; the backend is
settings.TASKS, by default the database, run by `manage.py db_worker`).

The upload request only reads the file's headers and stores it, so a
59-megapixel JPEG no longer holds a web worker for seconds and a gigabyte.
Until the task has run the photo is 处理中; a file that turns out truncated
or damaged is marked 处理失败 with the reason in Chinese."""

from __future__ import annotations

from django.db import transaction

from background.retries import background_task

from .checks import ImageRejected
from .renditions import decode, make_renditions


def start_processing(photo) -> None:
    """Mark a saved photo 处理中 and enqueue its processing. Called inside
    the upload's transaction: the database backend's worker sees the task
    only once the photo is committed. With the immediate backend the task
    has run when this returns, and `photo` says how it went."""
    from ..models import Photo  # the model module imports this package

    Photo.objects.filter(pk=photo.pk).update(
        status=Photo.PROCESSING, processing_error=""
    )
    process_photo.enqueue(photo.pk)
    photo.refresh_from_db(fields=["status", "processing_error"])


@background_task
def process_photo(photo_id: int) -> dict:
    """Decode the photo once (a JPEG at reduced scale), make every rendition
    and the card from it, and mark it ready; or mark it failed with the
    reason. Returns what was done, for the task's result."""
    from ..models import Photo

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted before its turn came
        return {"photo": photo_id, "status": "gone"}
    # Only this version of the picture: a replacement queues its own task.
    same_picture = Photo.objects.filter(pk=photo.pk, checksum=photo.checksum)
    try:
        frame = decode(photo)
        names = make_renditions(photo, frame)
    except ImageRejected as rejection:
        same_picture.update(status=Photo.FAILED, processing_error=str(rejection)[:300])
        return {"photo": photo.pk, "status": Photo.FAILED, "error": str(rejection)}
    if same_picture.update(status=Photo.READY, processing_error="") and (
        photo.status != Photo.READY and photo.uses.exists()
    ):
        # A replaced picture in a story: its pages left it out until now.
        from ..reader import cache as page_cache

        transaction.on_commit(page_cache.purging_photo_stories(photo))
    return {
        "photo": photo.pk,
        "status": Photo.READY,
        "decoded": list(frame.size),
        "renditions": len(names),
    }
