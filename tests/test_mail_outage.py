"""Mail never blocks a step: a transition commits and answers while the mail
server is down (a closed port) or hung (a socket that accepts and never
speaks). The mail is queued after the commit and sent by the task worker,
which is where an outage shows: as a FAILED task, not as anyone's error."""

import socket
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Notification
from articles.workflow.mail import send_notification_mail

from .workflow_helpers import change_url, make_newsroom, step_form

# Transactional: the worker closes the connection between tasks, which a
# test inside one transaction cannot survive on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class SilentServer:
    """A TCP listener that accepts connections and never sends a byte: an
    SMTP server hung before its greeting. Counts who dialled it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:  # closed by stop()
                return
            self.accepted.append(conn)  # held open, never answered

    def stop(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def closed_port():
    """A port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_at(port, timeout=1):
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


@pytest.fixture
def people(role_groups):
    return make_newsroom()


@pytest.fixture
def queued_mail(settings):
    settings.NEWSROOM_SEND_EMAIL = True
    settings.TASKS = DATABASE_TASKS


def submit_through_the_form(client, people):
    """The author presses 提交审稿 on the story form; the step's commit
    callbacks run, as they would after a real commit."""
    article = people.story("draft")
    client.force_login(people.author)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(change_url(article), step_form(article, "submit"))
    return article, response


def test_a_hung_mail_server_is_never_dialled_by_the_step(
    client, people, queued_mail, settings
):
    server = SilentServer()
    settings.MAILERS = smtp_at(server.port)
    try:
        article, response = submit_through_the_form(client, people)
        assert response.status_code == 302  # answered normally, back to the list
        article.refresh_from_db()
        assert article.status == Article.Status.SUBMITTED
        assert Notification.objects.filter(recipient=people.editor).count() == 1
        assert server.accepted == []  # nobody waited on the server in the request
        queued = DBTaskResult.objects.get()
        assert queued.status == "READY"
        assert queued.args_kwargs["args"][0] == "e@x.cn"

        # The worker dials it, waits out the mailer's timeout, and records
        # the failure on the task; the story is untouched.
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
        assert len(server.accepted) == 1
        queued.refresh_from_db()
        assert queued.status == "FAILED"
        assert "timed out" in str(queued.traceback).lower()
    finally:
        server.stop()
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED


def test_a_mail_server_that_is_down_fails_only_its_task(
    client, people, queued_mail, settings
):
    settings.MAILERS = smtp_at(closed_port())
    article, response = submit_through_the_form(client, people)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    # The failed attempt is kept, with its reason, and a second one waits
    # its turn (background.retries: 30 s later by default).
    result, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert result.status == "FAILED"
    assert "ConnectionRefusedError" in result.exception_class_path
    assert retry.status == "READY" and retry.args_kwargs["kwargs"]["attempt"] == 2
    assert Notification.objects.filter(recipient=people.editor).count() == 1


def test_without_a_worker_the_refused_mail_is_logged_and_the_step_stands(
    client, people, settings, caplog
):
    """NEWSROOM_TASKS=immediate runs the task after the commit, in the
    request; a refused connection still never reaches the person."""
    settings.NEWSROOM_SEND_EMAIL = True
    settings.MAILERS = smtp_at(closed_port())
    article, response = submit_through_the_form(client, people)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED
    assert "send_notification_mail" in caplog.text


def test_the_worker_sends_the_queued_mail_when_the_server_is_up(
    client, people, queued_mail, settings
):
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    submit_through_the_form(client, people)
    assert mail.outbox == []  # queued, not sent, when the step answered
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert [m.to for m in mail.outbox] == [["e@x.cn"]]
    assert "等待您初审" in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_task_carries_only_text_and_ids():
    """A task argument must survive JSON; a User or Article would not."""
    result = send_notification_mail.enqueue("a@x.cn", "[报社] 主题", "正文", 7)
    assert result.args == ["a@x.cn", "[报社] 主题", "正文", 7]
