"""Password guessing and the headers a proxy sends: a username locks after
five failures from any addresses, an address after twenty for any usernames,
both lift after the cool-off; X-Forwarded-For and X-Forwarded-Proto count
only from a configured proxy; HSTS is a year, preload only on request."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from newsroom.proxies import client_ip

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "the-right-password-1"


def attempt(client, username, password="wrong-guess", address="203.0.113.5", **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def minutes_pass(minutes):
    """Move every recorded failure back in time, as if minutes had passed."""
    for row in AccessAttempt.objects.all():
        row.attempt_time -= timedelta(minutes=minutes)
        row.save(update_fields=["attempt_time"])


def test_guesses_at_one_username_spread_over_addresses_lock_it(client):
    UserFactory(username="chief", password=PASSWORD)
    for n in range(5):
        response = attempt(client, "chief", address=f"198.51.100.{n + 1}")
    assert response.status_code == 429
    # The right password, from yet another address, is refused too.
    response = attempt(client, "chief", PASSWORD, address="192.0.2.77")
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert "15 分钟" in response.content.decode()


def test_one_try_on_each_of_many_usernames_locks_the_address(client):
    UserFactory(username="editor9", password=PASSWORD)
    for n in range(19):
        assert attempt(client, f"person{n}").status_code == 200
    # Below the address limit, others at the same address still log in…
    assert attempt(client, "editor9", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "person19").status_code == 429
    # …and at it, nobody does from there, while other addresses are fine.
    assert attempt(client, "editor9", PASSWORD).status_code == 429
    response = attempt(client, "editor9", PASSWORD, address="192.0.2.8")
    assert response.status_code == 302


def test_logging_in_to_ones_own_account_does_not_reset_the_address_count(client):
    UserFactory(username="insider", password=PASSWORD)
    for n in range(19):
        attempt(client, f"colleague{n}")
    assert attempt(client, "insider", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "colleague-last").status_code == 429


def test_the_lock_lifts_after_the_cool_off_and_tries_while_locked_do_not_extend_it(
    client,
):
    UserFactory(username="desk", password=PASSWORD)
    for _ in range(5):
        attempt(client, "desk", address="198.51.100.66")  # a prankster
    assert attempt(client, "desk", PASSWORD).status_code == 429
    minutes_pass(10)
    for _ in range(3):  # the prankster keeps trying while locked
        assert attempt(client, "desk", address="198.51.100.66").status_code == 429
    assert attempt(client, "desk", PASSWORD).status_code == 429
    minutes_pass(6)
    assert attempt(client, "desk", PASSWORD).status_code == 302


def test_forged_x_forwarded_for_from_an_unknown_peer_is_ignored(client):
    for n in range(5):
        attempt(
            client,
            f"user{n}",
            address="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}",
        )
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {"203.0.113.9"}


def test_a_trusted_proxy_names_the_client_and_nothing_the_client_wrote_counts(
    settings,
):
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    factory = RequestFactory()

    def ip(peer, forwarded=None):
        headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
        return client_ip(factory.get("/", REMOTE_ADDR=peer, **headers))

    # The client put 6.6.6.6 in front; our proxies appended the real address.
    assert ip("10.0.0.2", "6.6.6.6, 203.0.113.7, 192.0.2.1") == "203.0.113.7"
    assert ip("10.0.0.2") == "10.0.0.2"
    assert ip("10.0.0.2", "not-an-address") == "10.0.0.2"
    assert ip("203.0.113.50", "6.6.6.6") == "203.0.113.50"


def test_behind_a_trusted_proxy_each_person_has_their_own_address(client, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.1"]
    UserFactory(username="colleague", password=PASSWORD)
    for n in range(20):
        attempt(
            client, f"x{n}", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
    # The sprayer's address is locked; a colleague behind the same proxy is not.
    response = attempt(
        client,
        "colleague",
        PASSWORD,
        address="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "peer, trusted, secure", [("203.0.113.5", False, False), ("10.0.0.1", True, True)]
)
def test_x_forwarded_proto_counts_only_from_a_trusted_proxy(
    client, settings, peer, trusted, secure
):
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.1"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_PROTO="https")
    if secure:
        assert response.status_code == 200
        assert "Strict-Transport-Security" in response.headers
    else:
        assert response.status_code == 301
        assert response["Location"].startswith("https://")


def test_hsts_is_a_year_without_preload(client):
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )


def production_setting(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECURE_HSTS_PRELOAD"}
    }
    environment.update(SECRET_KEY="x" * 60, DEBUG="0", **env)
    result = subprocess.run(
        [sys.executable, "-c", f"from newsroom import settings as s; print({code})"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_hsts_defaults_and_preload_only_on_purpose():
    assert production_setting("s.SECURE_HSTS_SECONDS") == "31536000"
    assert production_setting("s.SECURE_HSTS_PRELOAD") == "False"
    assert production_setting("s.SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="1") == (
        "True"
    )
    assert production_setting("s.NEWSROOM_TRUSTED_PROXIES") == "[]"
