from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "background"
    verbose_name = _("后台任务")
