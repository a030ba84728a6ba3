"""Password guessing: two counters, each with its own limit.

django-axes records every failed login. A login is refused while either

- the username has failed AXES_FAILURE_LIMIT times (5) from any addresses,
  which stops guesses at one account spread over many addresses, or
- the address has failed NEWSROOM_LOGIN_ADDRESS_LIMIT times (20) for any
  usernames, which stops one address trying a common password on everyone.

The address limit is higher because a whole office may share one address.
Both count only the failures of the last AXES_COOLOFF_TIME (15 minutes); a
lock lifts that long after the failure that set it, and tries made while
locked do not extend it, so someone who mistypes a colleague's name, or
does it on purpose, locks the colleague out for minutes, not for good.

A successful login clears its own username's count only: an insider who
logs in to their own account does not reset the address count in between
guesses at other accounts.
"""

from axes.attempts import get_cool_off_threshold
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.db.models import Sum
from django.shortcuts import render


def _failures(attempts):
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LoginGuardHandler(AxesDatabaseHandler):
    def counts(self, request, credentials=None):
        """(failures for this username, failures from this address), recent."""
        recent = AccessAttempt.objects.filter(
            attempt_time__gte=get_cool_off_threshold(request)
        )
        username = get_client_username(request, credentials)
        by_username = _failures(recent.filter(username=username)) if username else 0
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        return by_username, by_address

    def get_failures(self, request, credentials=None):
        # Axes compares one number with AXES_FAILURE_LIMIT; the address count
        # is scaled so that it reaches that limit at its own, higher one.
        by_username, by_address = self.counts(request, credentials)
        scaled = (
            by_address * settings.AXES_FAILURE_LIMIT
        ) // settings.NEWSROOM_LOGIN_ADDRESS_LIMIT
        return max(by_username, scaled)

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The Chinese lock page, saying how long the lock lasts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
