"""Settings and protections: CSP with nonces, throttled logins, a refused
start without SECRET_KEY, a clean deploy check, Chinese by default."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from .factories import PublishedArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_python(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("entry_point", ["newsroom.wsgi", "newsroom.asgi"])
def test_server_refuses_to_start_without_secret_key_when_debug_is_off(entry_point):
    result = run_python(f"import {entry_point}", DEBUG="0")
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr
    started = run_python(f"import {entry_point}", DEBUG="0", SECRET_KEY="x" * 60)
    assert started.returncode == 0, started.stderr


def test_deploy_check_fails_without_secret_key():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", ALLOWED_HOSTS="a.cn"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_deploy_check_is_clean():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "-a-long-production-secret-key-for-the-check-0123456789",
        ALLOWED_HOSTS="news.example.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def nonce_of(response):
    header = response.headers["Content-Security-Policy"]
    match = re.search(r"'nonce-([^']+)'", header)
    return header, match.group(1) if match else None


def test_admin_pages_carry_a_csp_whose_nonce_every_script_has(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:articles_article_add"))
    header, nonce = nonce_of(response)
    assert "script-src 'self' 'nonce-" in header
    assert "object-src 'none'" in header
    directives = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert "unsafe" not in directives["script-src"]
    assert "unsafe" not in directives["style-src"]
    page = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline_scripts, "the editor's import map is inline"
    for attributes in inline_scripts:
        assert f'nonce="{nonce}"' in attributes, attributes


def test_public_pages_carry_a_csp(client):
    article = PublishedArticleFactory()
    response = client.get(article.get_absolute_url())
    header, _nonce = nonce_of(response)
    assert "default-src 'self'" in header
    assert "frame-ancestors 'none'" in header


def test_admin_login_is_throttled_after_five_failures(client):
    UserFactory(username="editor1", password="the-right-password-1")
    url = reverse("admin:login")
    for _ in range(4):
        response = client.post(url, {"username": "editor1", "password": "wrong"})
        assert response.status_code == 200
        assert "请输入一个正确的" in response.content.decode()
    response = client.post(url, {"username": "editor1", "password": "wrong"})
    assert response.status_code == 429
    # Locked: even the right password is refused now.
    response = client.post(
        url, {"username": "editor1", "password": "the-right-password-1"}
    )
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    # Another account from the same address is not locked out.
    UserFactory(username="editor2", password="another-password-2")
    response = client.post(
        url, {"username": "editor2", "password": "another-password-2"}
    )
    assert response.status_code == 302


def test_site_speaks_chinese_even_to_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.content.decode()


def test_english_when_the_reader_asks_for_it(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get("/")
    assert response.headers["Content-Language"] == "en"
    page = response.content.decode()
    assert "Skip to content" in page and "跳到正文" not in page
    client.cookies.clear()
    assert "跳到正文" in client.get("/").content.decode()


def test_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies["django_language"] = "xx-evil"
    assert client.get("/").headers["Content-Language"] == "zh-hans"
