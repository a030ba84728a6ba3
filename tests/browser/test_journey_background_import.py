"""An editor confirms a large page import: the screen turns into a progress
page (排队中, then 已导入 6/6) that refreshes itself while the worker beside
the server saves the stories, and ends on the report. By clicking only;
between the steps the test runs the worker itself (`db_worker --batch`), as
the one `make run` starts would."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts import roles
from articles.models import Article

from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = Path(__file__).parents[1] / "data" / "pages" / "page2-2026-11-30.txt"


def test_an_editor_confirms_a_large_import_and_watches_it_finish(
    page, live_server, login, screenshot, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSROOM_IMPORT_BACKGROUND_STORIES = 3  # this 6-story page is large
    UserFactory(username="songyutong", role=roles.EDITOR)
    login("songyutong")

    page.goto(f"{live_server.url}/admin/articles/article/")
    page.get_by_role("link", name="导入版面").click()
    page.get_by_label("版面文字文件（.txt）").set_input_files(PAGE)
    page.get_by_label("版次").fill("2")
    page.get_by_role("button", name="解析并预览").click()
    expect(page.locator("#content h2").first).to_contain_text("将新建 6 篇稿件")
    page.get_by_role("button", name="确认导入").click()

    # Not saved in the request: the progress page, waiting for the worker.
    expect(page.locator("#content h2").first).to_have_text("正在后台导入")
    expect(page.locator(".nr-import-state")).to_contain_text("排队中")
    screenshot("background-import-01-queued")
    assert Article.objects.count() == 0

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    # The page refreshes itself; nobody clicks.
    expect(page.locator("#content h2").first).to_have_text("导入完成", timeout=10_000)
    expect(page.locator(".nr-import-progress")).to_have_text("已导入 6/6")
    expect(page.locator(".nr-report")).to_contain_text("新建稿件 6 篇")
    screenshot("background-import-02-done")
    page.get_by_role("link", name="查看稿件").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(6)
    states = page.locator("#result_list td.field-state_display").all_inner_texts()
    assert states == ["草稿"] * 6


def test_the_chief_editor_finds_a_failed_mail_and_retries_it(
    page, live_server, login, screenshot, settings, monkeypatch
):
    """后台任务记录: the failed attempt with its error in the list, 重试 from
    the action menu, and the list says 成功 once the worker has sent it."""
    from articles.workflow import mail

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSROOM_TASK_ATTEMPTS = 1
    server = {"up": False, "sent": []}

    def send_mail(*, subject, message, from_email, recipient_list):
        if not server["up"]:
            raise ConnectionRefusedError(111, "邮件服务器拒绝连接")
        server["sent"].append(recipient_list[0])
        return 1

    monkeypatch.setattr(mail, "send_mail", send_mail)
    mail.send_notification_mail.enqueue("lin@example.cn", "稿件已通过", "正文", 1)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    UserFactory(username="zongbian", role=roles.CHIEF_EDITOR)
    login("zongbian")

    page.get_by_role("link", name="后台任务记录").first.click()
    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text("通知邮件")
    expect(row.locator("td.field-status_label")).to_have_text("失败")
    expect(row.locator("td.field-error")).to_contain_text("邮件服务器拒绝连接")
    screenshot("background-tasks-01-failed")

    server["up"] = True
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="重试所选失败的任务")
    page.get_by_role("button", name="运行").click()
    expect(page.locator(".messagelist")).to_contain_text("已重新排队 1 个任务")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    page.reload()
    statuses = page.locator("#result_list td.field-status_label").all_inner_texts()
    assert statuses == ["成功", "失败"]
    assert server["sent"] == ["lin@example.cn"]
    screenshot("background-tasks-02-retried")
    page.locator("#result_list tbody tr").nth(1).locator("th a").click()
    expect(page.locator("#content")).to_contain_text("ConnectionRefusedError")
    screenshot("background-tasks-03-detail")
