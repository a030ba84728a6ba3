"""Who must pass a second step at login, and the gate that makes them.

A password alone is not enough for the people who can publish or approve:
总编辑, 部门主任 and superusers must also type a code from an authenticator
app (TOTP, django-otp), or one of their single-use backup codes. Anyone else
may enrol too, and is then asked for a code in the same way.

The password step is Django's admin login, unchanged. After it the session
is logged in but not verified; until the second step passes, admin pages
send the person to it (or to enrolment if they have no device yet), and
every other page treats them as not logged in.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles

#: Set at login (and on binding an app): whether this session must pass the
#: second step because of a bound device, so that the gate does not look
#: devices up on each request. Roles are checked on each request.
SESSION_KEY = "newsroom_second_factor"
#: Backup codes just made, shown once on the next page.
NEW_CODES_SESSION_KEY = "newsroom_new_backup_codes"
BACKUP_CODE_COUNT = 10
REQUIRED_ROLES = {roles.CHIEF_EDITOR, roles.NIGHT_EDITOR, roles.DESK_CHIEF}


def is_required(user):
    """Whether the user may not work with a password alone. Asked at login,
    so it reads the groups afresh."""
    return user.is_superuser or user.groups.filter(name__in=REQUIRED_ROLES).exists()


def must_verify(user):
    return is_required(user) or user_has_device(user)


@receiver(user_logged_in, dispatch_uid="newsroom_second_factor_flag")
def _remember_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = must_verify(user)


def awaits_second_step(request):
    """Logged in with a password, and a code is still owed."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # No session: leave it unread, so that readers' pages do not gain
        # "Vary: Cookie" and stay cacheable.
        return False
    user = request.user
    if not user.is_authenticated:
        return False
    owed = request.session.get(SESSION_KEY)
    if owed is None:  # a session from before the second step existed
        owed = request.session[SESSION_KEY] = must_verify(user)
    # A role given during a session counts at once, not at the next login
    # (groups_of is read once per request and shared with the admin's checks).
    owed = owed or user.is_superuser or bool(REQUIRED_ROLES & roles.groups_of(user))
    return owed and not user.is_verified()


def second_factor_middleware(get_response):
    """After django-otp's OTPMiddleware, which tells whether the session is
    verified."""

    def middleware(request):
        if awaits_second_step(request):
            step = reverse("two_factor:verify")
            open_paths = (reverse("two_factor:index"), reverse("admin:logout"))
            if request.path.startswith(open_paths):
                pass
            elif request.path.startswith(reverse("admin:index")):
                if not user_has_device(request.user):
                    step = reverse("two_factor:enrol")
                return redirect(
                    f"{step}?{urlencode({'next': request.get_full_path()})}"
                )
            else:
                request.user = AnonymousUser()
        return get_response(request)

    return middleware


def new_backup_codes(user):
    """Replace the user's backup codes with a fresh set and return them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "备用码"}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code) for code in codes]
    )
    return codes


def reset(user):
    """Remove every device of the user (an admin's recovery path): their next
    login starts enrolment again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
