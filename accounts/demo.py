"""The demo's way through the second login step: the demo accounts that
need one (desk, chief, admin) get backup codes, printed by `manage.py demo`,
so a newcomer without an authenticator app can log in. A real account binds
an app at its first login instead."""

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from . import two_factor

DEMO_CODES = 5


def demo_backup_codes(users):
    """Top each demo account that needs a second step up to DEMO_CODES
    unused backup codes; return them by username."""
    codes = {}
    for username, user in users.items():
        if not two_factor.is_required(user):
            continue
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "备用码"}
        )
        missing = DEMO_CODES - device.token_set.count()
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=StaticToken.random_token())
            for _ in range(max(missing, 0))
        )
        codes[username] = list(device.token_set.values_list("token", flat=True))
    return codes
