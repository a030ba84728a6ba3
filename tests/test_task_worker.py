"""The queue with a real worker process, as `make run` and a deployment
have it: `manage.py db_worker` started by this test on a database file of
its own (the suite's SQLite is in memory, which no second process can
open). It runs a large page import to the end and retries a mail whose
server refuses every connection, stopping after the last attempt. The same
again with NEWSROOM_TASKS=rq: a throwaway redis-server and a real
`rqworker` process.

Marked `worker`; CI's `make test` runs them (`pytest -m worker` alone)."""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .outage_servers import ThrowawayRedis

pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parents[1]
PAGE_2 = ROOT / "tests" / "data" / "pages" / "page2-2026-11-30.txt"

SETUP = """
from accounts import roles
from accounts.models import User
from articles.importer import queued
from articles.workflow import mail
from tests.factories import UserFactory

editor = UserFactory(username="songyutong", role=roles.EDITOR)
text = open({page!r}, encoding="utf-8").read()
queued.start_import(text, page_date=None, page_number=2, section=None,
                    status="draft", user=editor)
mail.send_notification_mail.enqueue("lin@example.cn", "稿件已通过", "正文", 1)
"""


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def environment(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        SECRET_KEY="worker-test-key",
        DEBUG="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        NEWSROOM_TASKS="db",
        NEWSROOM_TASK_ATTEMPTS="3",
        NEWSROOM_TASK_RETRY_SECONDS="0.2",
        NEWSROOM_IMPORT_BACKGROUND_STORIES="3",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(closed_port()),
        EMAIL_USE_TLS="0",
        EMAIL_TIMEOUT="2",
        PYTHONPATH=str(ROOT),
    )
    return env, tmp_path / "queue.sqlite3"


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def state(database):
    with sqlite3.connect(database, timeout=20) as db:
        run = db.execute(
            "SELECT state, done, total, error FROM background_importrun"
        ).fetchone()
        tasks = db.execute(
            "SELECT task_path, status, args_kwargs, exception_class_path "
            "FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
        ).fetchall()
        articles = db.execute(
            "SELECT status, count(*) FROM articles_article GROUP BY status"
        ).fetchall()
    return run, tasks, articles


def run_worker(command, env, done):
    """Start the worker, wait until `done()` (a bound on a hang, not a
    speed measurement), stop it."""
    worker = subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not done():
            assert worker.poll() is None, worker.stderr.read().decode()
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_a_real_worker_imports_a_large_page_and_retries_a_refused_mail(
    environment,
):
    env, database = environment
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", SETUP.format(page=str(PAGE_2)))
    run, tasks, articles = state(database)
    assert run[0] == "queued" and len(tasks) == 2 and articles == []

    def done():
        run, tasks, _ = state(database)
        mails = [t for t in tasks if t[0].endswith("send_notification_mail")]
        return (
            run[0] in ("done", "failed")
            and len(mails) == 3
            and all(t[1] == "FAILED" for t in mails)
        )

    run_worker(
        ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        env,
        done,
    )
    run, tasks, articles = state(database)
    assert run[:3] == ("done", 6, 6), run
    assert articles == [("draft", 6)]
    imports = [t for t in tasks if t[0].endswith("confirm_import")]
    assert [t[1] for t in imports] == ["SUCCESSFUL"]
    mails = [t for t in tasks if t[0].endswith("send_notification_mail")]
    assert [t[1] for t in mails] == ["FAILED", "FAILED", "FAILED"]
    assert all("ConnectionRefusedError" in t[3] for t in mails)
    assert ['"attempt": 2' in t[2] for t in mails] == [False, True, False]
    assert ['"attempt": 3' in t[2] for t in mails] == [False, False, True]


FAILED_ON_RQ = """
import json
import django_rq
queue = django_rq.get_queue("default")
jobs = [queue.fetch_job(i) for i in queue.failed_job_registry.get_job_ids()]
print(json.dumps(sorted(
    [job.kwargs.get("attempt", 1), job.latest_result().exc_string.splitlines()[-1]]
    for job in jobs
)))
"""


@pytest.fixture
def redis_server():
    server = ThrowawayRedis()
    yield server
    server.close()


def test_with_rq_a_real_rqworker_imports_a_large_page_and_retries_a_mail(
    environment, redis_server
):
    env, database = environment
    env.update(NEWSROOM_TASKS="rq", REDIS_URL=redis_server.url)
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", SETUP.format(page=str(PAGE_2)))
    assert state(database)[0][0] == "queued"

    def failed_mails():
        out = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", FAILED_ON_RQ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])

    def done():
        return state(database)[0][0] in ("done", "failed") and (
            len(failed_mails()) == 3
        )

    run_worker(
        ["rqworker", "default", "--job-class", "django_tasks_rq.Job"]
        + ["--with-scheduler"],
        env,
        done,
    )
    run, _, articles = state(database)
    assert run[:3] == ("done", 6, 6), run
    assert articles == [("draft", 6)]
    failed = failed_mails()
    assert [attempt for attempt, _ in failed] == [1, 2, 3]
    assert all("ConnectionRefusedError" in error for _, error in failed)
