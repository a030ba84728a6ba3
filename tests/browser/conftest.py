"""Browser tests: Playwright driving Debian's Chromium against a live server.

They run wherever Chromium is found. Elsewhere they are skipped with one line
of explanation, unless NEWSROOM_REQUIRE_BROWSER is set (CI), when a missing
Chromium is an error.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM") or shutil.which("chromium") or ""
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# made by the test's own setup are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in item.nodeid]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if CHROMIUM or not browser_items:
        return
    if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
        raise pytest.UsageError(
            "Chromium not found, and NEWSROOM_REQUIRE_BROWSER is set."
        )
    skip = pytest.mark.skip(reason="Chromium not found")
    for item in browser_items:
        item.add_marker(skip)
    config._newsroom_browser_skipped = len(browser_items)


def pytest_terminal_summary(terminalreporter, config):
    skipped = getattr(config, "_newsroom_browser_skipped", 0)
    if skipped:
        terminalreporter.write_line(
            f"Browser tests skipped ({skipped}): Chromium not found; "
            "install it with `apt-get install chromium fonts-noto-cjk`."
        )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error" and page.console_errors.append(message.text)
        ),
    )
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def login(page, live_server):
    def as_user(username, password="a-long-test-password"):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

    return as_user


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """Browser tests use a live server, so their database is flushed between
    tests, and with it the role groups the data migration made: make them
    again (permissions come back with Django's post-migrate signal)."""
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import sync_roles

    sync_roles(Group, Permission)
