"""The second step's pages: enrol an authenticator app, type a code at
login, and see or renew the backup codes. The policy is in two_factor.py."""

import math
from base64 import b32encode

import django_otp
import segno
from django import forms
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_code(self):
        # People copy codes with spaces ("123 456") or type them in capitals.
        code = "".join(self.cleaned_data["code"].split()).lower()
        if not code:
            raise forms.ValidationError(_("请输入验证码。"))
        return code


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _step(name, request):
    """The URL of another step, carrying where the person was going."""
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _page(request, template, **context):
    context.setdefault("next", _next_url(request))
    # The admin's header, without its menus: they lead to pages that wait
    # for this step.
    context.update(site_header=admin.site.site_header, site_title=admin.site.site_title)
    return render(request, f"accounts/{template}", context)


def _grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
def enrol(request):
    """Bind an authenticator app: show its key (QR code and text), and
    confirm it with the first code the app shows."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        # Adding a device needs the second step passed, or a stolen password
        # would be enough to add the thief's phone.
        return redirect(_step("two_factor:verify", request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="验证器", confirmed=False)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.cycle_key()
            django_otp.login(request, device)
            request.session[two_factor.SESSION_KEY] = True  # asked from now on
            request.session[two_factor.NEW_CODES_SESSION_KEY] = (
                two_factor.new_backup_codes(user)
            )
            return redirect(_step("two_factor:backup_codes", request))
        form.add_error(
            "code", _("验证码不正确。请输入验证器应用上当前显示的 6 位数字。")
        )
    secret = b32encode(device.bin_key).decode()
    return _page(
        request,
        "two_factor_enrol.html",
        form=form,
        secret=_grouped(secret),
        config_url=device.config_url,
        qr=segno.make(device.config_url, error="m").svg_data_uri(scale=4),
        required=two_factor.is_required(user),
        title=_("绑定验证器应用"),
    )


def _throttle_message(user):
    """After a wrong code django-otp makes each device wait 1, 2, 4, 8…
    seconds; a person who has been told this three times is told how long."""
    for device in devices_for_user(user):
        allowed, data = device.verify_is_allowed()
        if not allowed and data.get("failure_count", 0) >= 3:
            wait = math.ceil((data["locked_until"] - timezone.now()).total_seconds())
            return _("输错的次数过多，请等 %(seconds)d 秒后再试。") % {
                "seconds": max(wait, 1)
            }
    return None


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
def verify(request):
    """The second step at login: a code from the app, or a backup code."""
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect(_step("two_factor:enrol", request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _throttle_message(user)
            or _(
                "验证码不正确或已过期。请输入验证器应用上当前显示的 6 位数字，"
                "或一个没有用过的备用码。"
            ),
        )
    return _page(request, "two_factor_verify.html", form=form, title=_("两步验证"))


@never_cache
@staff_member_required
def backup_codes(request):
    """The backup codes just made (shown once), or how many are left and a
    button to make a new set."""
    user = request.user
    if not user.is_verified():
        back = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('two_factor:verify')}?{back}")
    if request.method == "POST":
        request.session[two_factor.NEW_CODES_SESSION_KEY] = two_factor.new_backup_codes(
            user
        )
        return redirect(request.get_full_path())
    codes = request.session.pop(two_factor.NEW_CODES_SESSION_KEY, None)
    remaining = sum(
        device.token_set.count()
        for device in devices_for_user(user)
        if hasattr(device, "token_set")
    )
    return _page(
        request,
        "two_factor_backup_codes.html",
        codes=codes,
        remaining=remaining,
        has_app=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        title=_("两步验证与备用码") if codes is None else _("备用码"),
    )
