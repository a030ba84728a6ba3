from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("采编")

    def ready(self):
        from . import stored_text

        stored_text.connect()
