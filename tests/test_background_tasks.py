"""Background work on the queue (background/): failed tasks are retried a
bounded number of times with backoff, every attempt is listed in the admin
for superusers and 总编辑 with its error and a 重试 action, large import
confirmations run as a task with their progress shown, and the search
index is rebuilt by a queued task.

The worker here is `db_worker --batch` in the test's process, on the test's
database; tests/test_task_worker.py runs a real worker process."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts import roles
from accounts.models import Correspondent
from articles import editing
from articles.models import Article, Credit
from articles.reader import search_tasks
from articles.workflow import mail
from background.models import ImportRun
from background.retries import retry_delay

from .factories import ArticleFactory, UserFactory

# Transactional: the worker closes the connection between tasks, as it
# would in production, which a test inside one transaction cannot survive
# on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _groups(role_groups):
    """The role groups, made again after each transactional test's flush."""


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PAGE_2 = Path(__file__).parent / "data" / "pages" / "page2-2026-11-30.txt"
IMPORT_URL = "admin:articles_article_import"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


@pytest.fixture
def queue(settings):
    """The database backend as `make run` has it, with retries due at once."""
    settings.TASKS = DATABASE_TASKS
    settings.NEWSROOM_TASK_ATTEMPTS = 3
    settings.NEWSROOM_TASK_RETRY_SECONDS = 0
    return settings


@pytest.fixture
def mail_server(monkeypatch):
    """A mail server that refuses the first `down` connections."""
    state = {"down": 0, "sent": []}

    def send_mail(*, subject, message, from_email, recipient_list):
        if state["down"]:
            state["down"] -= 1
            raise ConnectionRefusedError(111, "邮件服务器拒绝连接")
        state["sent"].append((recipient_list[0], subject))
        return 1

    monkeypatch.setattr(mail, "send_mail", send_mail)
    return state


def attempts():
    return [
        (row.args_kwargs["kwargs"].get("attempt", 1), row.status)
        for row in DBTaskResult.objects.order_by("enqueued_at")
    ]


# ------------------------------------------------------------ retries


def test_a_failed_task_is_retried_and_the_mail_goes_on_the_third_attempt(
    queue, mail_server
):
    mail_server["down"] = 2
    mail.send_notification_mail.enqueue("lin@example.cn", "稿件已通过", "正文", 7)
    run_worker()
    assert attempts() == [(1, "FAILED"), (2, "FAILED"), (3, "SUCCESSFUL")]
    assert mail_server["sent"] == [("lin@example.cn", "稿件已通过")]


def test_retries_stop_after_the_last_attempt(queue, mail_server):
    mail_server["down"] = 99
    mail.send_notification_mail.enqueue("lin@example.cn", "稿件已通过", "正文", 7)
    run_worker()
    assert attempts() == [(1, "FAILED"), (2, "FAILED"), (3, "FAILED")]
    assert mail_server["sent"] == []
    last = DBTaskResult.objects.order_by("enqueued_at").last()
    assert "ConnectionRefusedError" in last.traceback


def test_each_retry_waits_longer(queue, mail_server):
    queue.NEWSROOM_TASK_RETRY_SECONDS = 30
    assert retry_delay(1) == timedelta(seconds=30)
    assert retry_delay(2) == timedelta(seconds=120)
    mail_server["down"] = 99
    mail.send_notification_mail.enqueue("lin@example.cn", "稿件已通过", "正文", 7)
    run_worker()  # runs the first attempt; the retry is not due yet
    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert (first.status, retry.status) == ("FAILED", "READY")
    assert retry.run_after - first.started_at >= timedelta(seconds=30)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2


def test_the_immediate_backend_does_not_retry_in_the_request(settings, mail_server):
    settings.NEWSROOM_TASK_ATTEMPTS = 3
    mail_server["down"] = 99
    result = mail.send_notification_mail.enqueue("lin@example.cn", "主题", "正文", 7)
    assert result.status == "FAILED"
    assert mail_server["down"] == 98  # one attempt, nobody waited on more


# ------------------------------------------------------------ the admin list


@pytest.fixture
def failed_mail(queue, mail_server):
    queue.NEWSROOM_TASK_ATTEMPTS = 1
    mail_server["down"] = 1
    mail.send_notification_mail.enqueue("lin@example.cn", "稿件已通过", "正文", 7)
    run_worker()
    return DBTaskResult.objects.get()


def test_a_chief_editor_sees_failed_tasks_with_their_error_in_chinese(
    confirm_page, client, failed_mail
):
    client.force_login(UserFactory(role=roles.CHIEF_EDITOR))
    index = client.get(reverse("admin:index")).content.decode()
    assert "后台任务记录" in index
    page = client.get(reverse("admin:background_taskrecord_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "通知邮件" in text and "失败" in text and "邮件服务器拒绝连接" in text
    assert "重试所选失败的任务" in text
    detail = client.get(
        reverse("admin:background_taskrecord_change", args=[failed_mail.pk])
    )
    assert detail.status_code == 200
    assert "ConnectionRefusedError" in detail.content.decode()


@pytest.mark.parametrize("role", [roles.REPORTER, roles.EDITOR])
def test_other_roles_do_not_see_the_task_list(client, failed_mail, role):
    client.force_login(UserFactory(role=role))
    assert "后台任务记录" not in client.get(reverse("admin:index")).content.decode()
    url = reverse("admin:background_taskrecord_changelist")
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"action": "retry", "_selected_action": [str(failed_mail.pk)]}
        ).status_code
        == 403
    )
    assert DBTaskResult.objects.count() == 1


def test_retry_enqueues_a_failed_task_again_and_the_worker_sends_it(
    client, failed_mail, mail_server
):
    client.force_login(UserFactory(role=roles.CHIEF_EDITOR))
    response = client.post(
        reverse("admin:background_taskrecord_changelist"),
        {"action": "retry", "_selected_action": [str(failed_mail.pk)]},
        follow=True,
    )
    assert "已重新排队 1 个任务" in response.content.decode()
    run_worker()
    assert attempts() == [(1, "FAILED"), (1, "SUCCESSFUL")]
    assert mail_server["sent"] == [("lin@example.cn", "稿件已通过")]


def test_retry_refuses_tasks_that_did_not_fail(client, queue, mail_server):
    mail.send_notification_mail.enqueue("lin@example.cn", "稿件已通过", "正文", 7)
    run_worker()
    done = DBTaskResult.objects.get()
    client.force_login(UserFactory(role=roles.CHIEF_EDITOR))
    response = client.post(
        reverse("admin:background_taskrecord_changelist"),
        {"action": "retry", "_selected_action": [str(done.pk)]},
        follow=True,
    )
    assert "所选任务中没有失败的任务，没有重试" in response.content.decode()
    assert DBTaskResult.objects.count() == 1


def test_a_task_whose_code_is_gone_is_reported_not_retried(client, failed_mail):
    DBTaskResult.objects.filter(pk=failed_mail.pk).update(
        task_path="articles.workflow.mail.no_such_task"
    )
    client.force_login(UserFactory(role=roles.CHIEF_EDITOR))
    response = client.post(
        reverse("admin:background_taskrecord_changelist"),
        {"action": "retry", "_selected_action": [str(failed_mail.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    assert "无法重试" in response.content.decode()
    assert DBTaskResult.objects.count() == 1


# ------------------------------------------------------------ import


@pytest.fixture
def editor(client, queue):
    queue.NEWSROOM_IMPORT_BACKGROUND_STORIES = 3  # the 6-story page is large
    user = UserFactory(username="songyutong", role=roles.EDITOR)
    client.force_login(user)
    return user


@pytest.fixture
def confirm_page(django_capture_on_commit_callbacks):
    """Post a confirmation; the run's task is queued when its transaction
    commits, which inside a test's transaction the capture stands in for."""

    def post(client, text=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse(IMPORT_URL),
                {
                    "text": text or PAGE_2.read_text(encoding="utf-8"),
                    "date": "2026-11-30",
                    "status": "draft",
                    "confirm": "1",
                },
            )

    return post


def test_a_large_confirmation_runs_in_the_background_with_its_progress(
    confirm_page, client, editor
):
    response = confirm_page(client)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:background_importrun_progress", args=[run.pk]
    )
    assert not Article.objects.exists()  # nothing saved in the request
    waiting = client.get(response["Location"]).content.decode()
    assert "排队中" in waiting and 'http-equiv="refresh"' in waiting

    run_worker()

    run.refresh_from_db()
    assert (run.state, run.done, run.total) == ("done", 6, 6)
    finished = client.get(response["Location"]).content.decode()
    assert "已导入 6/6" in finished and "导入完成" in finished
    assert "新建稿件 6 篇" in finished
    assert 'http-equiv="refresh"' not in finished
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}
    assert Article.objects.count() == 6


def test_a_long_text_goes_to_the_background_whatever_its_story_count(
    confirm_page, client, editor, queue
):
    queue.NEWSROOM_IMPORT_BACKGROUND_STORIES = 99
    queue.NEWSROOM_IMPORT_BACKGROUND_CHARS = 100
    response = confirm_page(client)
    assert response.status_code == 302
    assert ImportRun.objects.get().state == "queued"
    run_worker()
    assert ImportRun.objects.get().state == "done"
    assert Article.objects.count() == 6


def test_a_small_confirmation_stays_in_the_request(confirm_page, client, editor, queue):
    queue.NEWSROOM_IMPORT_BACKGROUND_STORIES = 10
    response = confirm_page(client)
    assert response.status_code == 200
    assert "新建稿件 6 篇" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_story_that_fails_midway_is_not_half_saved_and_the_report_says_so(
    confirm_page, client, editor, queue, monkeypatch
):
    queue.NEWSROOM_TASK_ATTEMPTS = 1
    create = editing.create
    calls = []

    def failing_third(article, *, by, related=None):
        calls.append(article.headline)
        if len(calls) == 3:
            # The story's row and its credits are written, then it fails.
            create(article, by=by, related=related)
            raise RuntimeError("数据库写入中断")
        return create(article, by=by, related=related)

    monkeypatch.setattr(editing, "create", failing_third)
    url = confirm_page(client)["Location"]
    run_worker()

    run = ImportRun.objects.get()
    assert run.state == "failed" and run.done == 2
    assert f"《{calls[2][:10]}" in run.error and "前面 2 篇已保存为草稿" in run.error
    assert Article.objects.count() == 2
    assert not Article.objects.filter(headline=calls[2]).exists()
    assert not Credit.objects.exclude(article__in=Article.objects.all()).exists()
    people = set(Correspondent.objects.values_list("name", flat=True))
    for line in run.report:
        if line.startswith("  新署名人："):
            assert line[len("  新署名人：") :].split("（")[0] in people
    page = client.get(url).content.decode()
    assert "导入中断" in page and "数据库写入中断" in page
    assert DBTaskResult.objects.get().status == "FAILED"

    # Fixed, a retry from the task list goes on where it stopped.
    monkeypatch.setattr(editing, "create", create)
    chief = UserFactory(role=roles.CHIEF_EDITOR)
    client.force_login(chief)
    client.post(
        reverse("admin:background_taskrecord_changelist"),
        {"action": "retry", "_selected_action": [str(DBTaskResult.objects.get().pk)]},
    )
    run_worker()
    run.refresh_from_db()
    assert run.state == "done" and run.error == ""
    assert Article.objects.count() == 6
    assert Article.objects.filter(headline=calls[2]).count() == 1


def test_someone_elses_import_progress_is_not_shown(confirm_page, client, editor):
    url = confirm_page(client)["Location"]
    client.force_login(UserFactory(role=roles.EDITOR))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(role=roles.CHIEF_EDITOR))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("bad", ["0", "999999", "abc"])
def test_a_missing_import_run_is_404_and_bad_addresses_are_not_found(
    client, editor, bad
):
    response = client.get(f"/admin/background/importrun/{bad}/progress/")
    assert response.status_code == 404


def test_a_noise_page_confirmed_is_refused_and_queues_nothing(
    confirm_page, client, editor
):
    response = confirm_page(client, text="x=1; y=2 " * 5000)
    assert response.status_code == 200
    assert "中文" in response.content.decode()
    assert not ImportRun.objects.exists() and not DBTaskResult.objects.exists()


def test_a_confirmation_too_big_for_the_form_is_refused(confirm_page, client, editor):
    response = confirm_page(client, text="本报讯" * 1_000_000)
    assert response.status_code == 200
    assert not ImportRun.objects.exists() and not Article.objects.exists()


# ------------------------------------------------------------ search index


def test_rebuild_search_queues_a_task_that_refreshes_stale_search_text(queue):
    story = ArticleFactory(headline="焊工大赛决赛开幕")
    Article.objects.filter(pk=story.pk).update(search_text="陈旧")
    out = StringIO()
    call_command("rebuild_search", "--batch-size", "1", stdout=out)
    assert "已把检索索引重建加入后台队列" in out.getvalue()
    assert Article.objects.get(pk=story.pk).search_text == "陈旧"
    run_worker()
    assert "焊工" in Article.objects.get(pk=story.pk).search_text
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"stories": 1, "changed": 1}
    assert search_tasks.rebuild() == {"stories": 1, "changed": 0}


@pytest.mark.parametrize("size", ["0", "-5", "abc", "10001", ""])
def test_rebuild_search_refuses_a_bad_batch_size(queue, size):
    with pytest.raises(CommandError, match="批量大小必须是 1 到 10000 之间的整数"):
        call_command("rebuild_search", "--batch-size", size, stdout=StringIO())
    assert not DBTaskResult.objects.exists()


# ------------------------------------------------------------ cache purge


def test_a_purge_that_did_not_reach_the_cache_is_retried_by_the_worker(
    queue, monkeypatch
):
    from articles.reader import breaker
    from articles.reader import cache as page_cache

    monkeypatch.setattr(page_cache, "_purge_pending", False)
    real_set = breaker.set
    monkeypatch.setattr(breaker, "set", lambda *args: False)  # cache down
    page_cache.purge()  # after a commit: logged and queued, never raised
    assert [row.task_path for row in DBTaskResult.objects.all()] == [
        "articles.reader.cache.purge_pages"
    ]
    queue.NEWSROOM_TASK_ATTEMPTS = 2
    run_worker()
    assert attempts() == [(1, "FAILED"), (2, "FAILED")]  # still down: bounded
    last = DBTaskResult.objects.order_by("enqueued_at").last()
    assert "PurgeNotDelivered" in last.exception_class_path

    monkeypatch.setattr(breaker, "set", real_set)  # the cache is back
    before = breaker.get_many([page_cache.GENERATION]).get(page_cache.GENERATION)
    page_cache.purge_pages.enqueue()
    run_worker()
    assert attempts()[-1] == (1, "SUCCESSFUL")
    after = breaker.get_many([page_cache.GENERATION])[page_cache.GENERATION]
    assert after != before and page_cache._purge_pending is False
