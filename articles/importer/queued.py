"""Large import confirmations, in the background.

Confirming a big page in the request could run past gunicorn's 30 s
timeout. A confirmation with more new stories than
NEWSROOM_IMPORT_BACKGROUND_STORIES, or more text than
NEWSROOM_IMPORT_BACKGROUND_CHARS, is kept as a `background.ImportRun` and
done by the `confirm_import` task, story by story (`import_page_stepwise`),
noting its progress on the run for the import screen's status page
(已导入 12/40). Smaller ones stay in the request, in one transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from background.models import ImportRun
from background.retries import background_task

from .plan import plan_import
from .save import StoryFailed, import_page_stepwise


def belongs_in_background(text: str, *, page_date=None, page_number=None) -> bool:
    """Whether confirming this page should leave the request. A long text is
    not even planned here: planning it is part of what takes the time."""
    if len(text) > settings.NEWSROOM_IMPORT_BACKGROUND_CHARS:
        return True
    plan = plan_import(text, page_date=page_date, page_number=page_number)
    new = sum(1 for planned in plan.stories if planned.existing is None)
    return new > settings.NEWSROOM_IMPORT_BACKGROUND_STORIES


def start_import(
    text: str, *, page_date, page_number, section, status: str, user
) -> ImportRun:
    """Keep the confirmation and queue its task once the run is committed."""
    with transaction.atomic():
        run = ImportRun.objects.create(
            created_by=user,
            text=text,
            page_date=page_date,
            page_number=page_number,
            section=section,
            target_status=status,
        )
        transaction.on_commit(lambda: confirm_import.enqueue(run.pk))
    return run


@background_task
def confirm_import(run_id: int) -> dict:
    """Import the run's page story by story. A story that fails leaves the
    run 失败 with a report of what was saved and which story failed (nothing
    of that story is kept); the task fails too, so it is retried and a
    passing fault heals itself — the retry skips the stories already saved."""
    run = ImportRun.objects.select_related("created_by", "section").get(pk=run_id)
    if run.state == ImportRun.State.DONE:
        return {"run": run.pk, "state": run.state}
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING, error="")

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(done=done, total=total)

    try:
        report = import_page_stepwise(
            run.text,
            page_date=run.page_date,
            page_number=run.page_number,
            section=run.section,
            status=run.target_status,
            user=run.created_by,
            progress=progress,
        )
    except StoryFailed as failure:
        ImportRun.objects.filter(pk=run.pk).update(
            state=ImportRun.State.FAILED,
            error=str(failure),
            report=failure.report.lines(),
            finished_at=timezone.now(),
        )
        raise
    except Exception as error:
        ImportRun.objects.filter(pk=run.pk).update(
            state=ImportRun.State.FAILED,
            error=f"导入没有开始：{type(error).__name__}: {str(error)[:300]}",
            finished_at=timezone.now(),
        )
        raise
    ImportRun.objects.filter(pk=run.pk).update(
        state=ImportRun.State.DONE,
        report=report.lines(),
        finished_at=timezone.now(),
    )
    return {"run": run.pk, "created": len(report.created)}
