"""The admin's recovery path for the second step: a person who lost their
phone and backup codes asks an administrator, who resets their devices from
the user list; their next login starts enrolment again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor

# django-otp's own device admin shows each key as a QR code to whoever can
# open it, and speaks English; the reset action below is all the admin needs.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.action(description=_("重置两步验证（丢失手机时使用）"), permissions=["change"])
def reset_two_factor(modeladmin, request, queryset):
    for user in queryset:
        two_factor.reset(user)
        modeladmin.log_change(request, user, _("重置了两步验证"))
    modeladmin.message_user(
        request,
        _("已重置 %(count)d 个用户的两步验证；他们下次登录时需要重新绑定验证器。")
        % {"count": len(queryset)},
        messages.SUCCESS,
    )
