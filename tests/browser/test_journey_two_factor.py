"""Journey: a 总编辑's first login binds an authenticator app (the test reads
the key off the page and computes the code, as the chief's phone would), the
backup codes are shown once, and the next login asks for a code; a wrong
code gets a Chinese error."""

import re
import time
from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts import roles

from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_code(secret, offset=0):
    """What an authenticator app shows for the key typed into it."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def wait_for_the_next_code():
    """A code is accepted once; the next one comes with the next 30 seconds."""
    time.sleep(30 - time.time() % 30 + 1)


def assert_accessible(page):
    results = Axe().run(page, context="#content")
    assert results.violations_count == 0, results.generate_report()


def password_step(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "zongbian")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_load_state()


def test_chief_enrols_an_app_and_logs_in_with_its_code(page, live_server, screenshot):
    UserFactory(username="zongbian", role=roles.CHIEF_EDITOR, first_name="总编")

    password_step(page, live_server)
    assert "/admin/two-factor/enrol/" in page.url
    expect(page.locator("h1")).to_have_text("绑定验证器应用")
    expect(page.get_by_role("img", name="验证器应用的二维码")).to_be_visible()
    screenshot("2fa-01-enrol")
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text()

    # A mistyped code is refused in Chinese, and the key stays the same.
    page.fill("#id_code", phone_code(secret, offset=-300))
    page.get_by_role("button", name="完成绑定").click()
    expect(page.locator(".errorlist")).to_contain_text("验证码不正确")
    assert page.locator("#totp-secret").inner_text() == secret
    screenshot("2fa-02-enrol-wrong-code")

    time.sleep(1.1)  # the pause django-otp makes after a wrong code
    page.fill("#id_code", phone_code(secret))
    page.get_by_role("button", name="完成绑定").click()
    expect(page.locator("h1")).to_have_text("备用码")
    codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    screenshot("2fa-03-backup-codes")
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page.locator("#nr-dash-awaiting, h1").first).to_be_visible()
    assert page.url == f"{live_server.url}/admin/"
    screenshot("2fa-04-in")

    page.locator("#logout-form button").click()
    page.wait_for_load_state()
    password_step(page, live_server)
    assert "/admin/two-factor/verify/" in page.url
    expect(page.locator("h1")).to_have_text("两步验证")
    page.fill("#id_code", "000000" if phone_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="验证").click()
    expect(page.locator(".errorlist")).to_contain_text("验证码不正确或已过期")
    screenshot("2fa-05-wrong-code")
    assert_accessible(page)

    wait_for_the_next_code()
    page.fill("#id_code", phone_code(secret))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    screenshot("2fa-06-in-again")

    # A backup code stands in for the phone, once.
    page.locator("#logout-form button").click()
    page.wait_for_load_state()
    password_step(page, live_server)
    page.fill("#id_code", codes[0])
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    # Nothing the pages did was refused by the Content-Security-Policy.
    assert page.console_errors == []
