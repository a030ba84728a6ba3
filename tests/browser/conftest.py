"""Browser tests: Playwright driving Debian's Chromium against a live server.

They run wherever Chromium is found. Elsewhere they are skipped with one line
of explanation, unless NEWSROOM_REQUIRE_BROWSER is set (CI), when a missing
Chromium is an error.
"""

import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from django.db import connection

from ..html_structure import problems

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


@pytest.fixture(autouse=True)
def one_request_at_a_time(request):
    """On the suite's in-memory SQLite, the live server's threads share one
    database connection (Django's LiveServerThread), which cannot serve two
    requests at once: a story page's presence ping landing in the middle of
    a save would break it. Here requests take turns, as they never need to
    on a real database."""
    if "live_server" not in request.fixturenames or connection.vendor != "sqlite":
        yield
        return
    httpd = request.getfixturevalue("live_server").thread.httpd
    app = httpd.get_app()
    turn = threading.Lock()

    def in_turn(environ, start_response):
        with turn:
            return app(environ, start_response)

    httpd.set_app(in_turn)
    yield
    httpd.set_app(app)


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    # Each error with the address it came from, so a failure names the file.
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and page.console_errors.append(
                f"{message.text} ({message.location.get('url', '')})"
            )
        ),
    )
    # The last page the server sent, for assert_sound_page to read as served.
    page.served = None
    page.on(
        "response",
        lambda response: (
            response.request.resource_type == "document"
            and response.frame == page.main_frame
            and setattr(page, "served", response)
        ),
    )
    yield page
    context.close()


#: Every named control the live page holds that belongs to no form, every id
#: used twice, and every control whose form="…" names no form. Reads only.
#: Controls inside a <template> are inert copies, not the page's own.
_LIVE_STRUCTURE = """() => {
  const show = (el) => "<" + [el.localName, ...["type", "name", "id", "form"]
    .filter((a) => el.hasAttribute(a)).map((a) => `${a}="${el.getAttribute(a)}"`)]
    .join(" ") + ">";
  const controls = [...document.querySelectorAll("input, select, textarea, button")]
    .filter((el) => !el.closest("template"));
  const counts = {};
  for (const el of document.querySelectorAll("[id]")) {
    counts[el.id] = (counts[el.id] || 0) + 1;
  }
  return [
    ...controls.filter((el) => el.name && el.form === null)
      .map((el) => `${show(el)} belongs to no form (el.form is null)`),
    ...controls.filter((el) => !el.name && el.hasAttribute("form") && el.form === null)
      .map((el) => `${show(el)} names a form that is not there`),
    ...Object.entries(counts).filter(([, n]) => n > 1)
      .map(([id, n]) => `duplicate id "${id}" (${n} elements)`),
  ];
}"""


def served_html(page):
    """The HTML the server sent for the page now shown (fetched again if the
    page arrived some other way, e.g. back/forward); "" if nothing was served
    (set_content)."""
    response = page.served
    if response is not None and urldefrag(response.url)[0] == urldefrag(page.url)[0]:
        return response.text()
    if page.url.startswith("http"):
        return page.request.get(page.url).text()
    return ""


def assert_sound_page(page):
    """The page now shown is sound as Chromium holds it: every named control
    has a form (`.form !== null`), no id is used twice, and the HTML as
    served has no form inside another (which the live DOM can no longer
    show: the browser dropped the inner start tag)."""
    served = problems(served_html(page))
    live = page.evaluate(_LIVE_STRUCTURE)
    found = [f"served: {line}" for line in served] + [f"live: {line}" for line in live]
    assert not found, f"{page.url} is not sound:\n" + "\n".join(found)


@pytest.fixture
def check_page(page):
    """Call after a navigation to check the page's structure, for steps that
    take no screenshot (every screenshot() checks it too)."""
    return lambda: assert_sound_page(page)


@pytest.fixture
def screenshot(page):
    """Screenshot a step into test-artifacts/, and check the page's form
    structure at the same moment (assert_sound_page)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        assert_sound_page(page)
        return path

    return take


def backup_code_if_required(username):
    """A fresh backup code for 总编辑, 部门主任 and superusers, made before
    the password step so that the login goes to the code page; None for
    everyone else."""
    from accounts import two_factor
    from accounts.models import User

    from ..two_factor_helpers import fresh_backup_code

    user = User.objects.filter(username=username).first()
    return fresh_backup_code(user) if user and two_factor.is_required(user) else None


def type_second_step(page, code):
    """The second login step, typed as the person would (a backup code)."""
    if code:
        page.wait_for_url("**/admin/two-factor/verify/**")
        page.fill("#id_code", code)
        page.click("button[type=submit].default")


@pytest.fixture
def login(page, live_server):
    def as_user(username, password="a-long-test-password"):
        code = backup_code_if_required(username)
        page.goto(f"{live_server.url}/admin/login/")
        assert_sound_page(page)
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        type_second_step(page, code)
        page.wait_for_url(f"{live_server.url}/admin/")
        assert_sound_page(page)

    return as_user


@pytest.fixture(autouse=True)
def roles(role_groups):
    """Browser tests use a live server: the role groups, made again."""
