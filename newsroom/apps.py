"""Chinese names for the apps the newsroom uses whose own AppConfig names them
in English (the admin home lists them by these names)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes, which locks out repeated failed logins."""

    verbose_name = _("登录防护")
