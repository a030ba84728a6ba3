"""Mailing a notification, out of the step that caused it.

A transition only queues the mail, once its transaction has committed; a
worker (`manage.py db_worker`, the database task backend) talks to the mail
server. So an SMTP server that is down, refuses, or accepts and never
answers costs the person who took the step nothing: the step is committed
and answered before anyone dials the server. The in-app notification is
written in the step's transaction and never depends on mail.

With NEWSROOM_TASKS=immediate (a site that runs no worker) the task runs
right after the commit, in the request; the mailer's timeout bounds it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from background.retries import background_task

logger = logging.getLogger(__name__)


def mail_after_commit(address: str, message: str, *, article_id: int) -> None:
    """Queue one notification mail for when the current transaction commits
    (at once outside one). Only strings and ids travel: the task needs no
    database row, so a deleted story or user cannot make it fail."""
    subject = f"[{settings.NEWSROOM_SITE_NAME}] {message[:60]}"

    def queue() -> None:
        try:
            send_notification_mail.enqueue(address, subject, message, article_id)
        except Exception:  # a queue outage must not turn a committed step into an error
            logger.exception(
                "Could not queue mail to %s about article %s", address, article_id
            )

    transaction.on_commit(queue)


@background_task
def send_notification_mail(
    address: str, subject: str, body: str, article_id: int
) -> dict:
    """Send one notification. A mail server that is down or hangs past the
    mailer's timeout raises here, so the task result says FAILED with the
    reason (the worker logs it); nobody's step waits on it."""
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[address])
    return {"to": address, "article": article_id}
