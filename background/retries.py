"""Bounded retries with backoff for our tasks.

Neither django.tasks nor its database backend retries a failed task, so a
mail server down for a minute would lose the mail. `background_task` wraps
a task function: when it raises, the same task is enqueued again to run
after a growing delay (NEWSROOM_TASK_RETRY_SECONDS × 4ⁿ), up to
NEWSROOM_TASK_ATTEMPTS attempts in all, and the failure is raised as well,
so each failed attempt stays visible in the admin's task list with its
error. The attempt number travels as the task's `attempt` keyword.

A backend that cannot defer (the immediate one, which runs tasks in the
request) gets no retry: retrying there would hold the request."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait before attempt `attempt + 1`: 30 s, 2 min, 8 min…"""
    return timedelta(seconds=settings.NEWSROOM_TASK_RETRY_SECONDS * 4 ** (attempt - 1))


def enqueue_retry(the_task, args, kwargs, attempt: int) -> bool:
    """Enqueue attempt `attempt + 1` of a failed task, if attempts are left
    and the backend can wait. Returns whether it was enqueued."""
    if attempt >= settings.NEWSROOM_TASK_ATTEMPTS:
        return False
    if not the_task.get_backend().supports_defer:
        return False
    later = the_task.using(run_after=timezone.now() + retry_delay(attempt))
    later.enqueue(*args, **kwargs, attempt=attempt + 1)
    return True


def background_task(function=None, **options):
    """`@task()` with retries: use as `@background_task` or with task
    options (`priority`, `queue_name`…). The function must not take an
    `attempt` argument of its own."""

    def decorate(function):
        the_task = None

        @wraps(function)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                try:
                    again = enqueue_retry(the_task, args, kwargs, attempt)
                except Exception:
                    logger.exception("Could not enqueue a retry of %s", the_task.name)
                    again = False
                logger.warning(
                    "Task %s failed (attempt %d of %d)%s",
                    the_task.name,
                    attempt,
                    settings.NEWSROOM_TASK_ATTEMPTS,
                    "; retry enqueued" if again else "",
                )
                raise

        the_task = task(**options)(run)
        return the_task

    return decorate(function) if function is not None else decorate
