"""Logging in where a second step is required, as a person would: after the
password, type a code into the real verification page. The code is a fresh
backup code, which (unlike an authenticator's code) can be used again within
the same 30 seconds by the next test."""

import django.test
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts import two_factor


def fresh_backup_code(user):
    device, _ = StaticDevice.objects.get_or_create(user=user, name="测试备用码")
    return StaticToken.objects.create(
        device=device, token=StaticToken.random_token()
    ).token


class Client(django.test.Client):
    """Django's test client whose force_login also passes the second step
    for the people who need one (总编辑, 部门主任, superusers)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if two_factor.is_required(user):
            response = self.post(
                reverse("two_factor:verify"), {"code": fresh_backup_code(user)}
            )
            assert response.status_code == 302, response.content.decode()
