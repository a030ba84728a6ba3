from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("采编")

    def ready(self):
        from django.db.models.signals import post_save

        from . import planning, stored_text
        from .models import ArticleEvent

        stored_text.connect()
        # A plan item follows its story's publication (articles.planning).
        post_save.connect(
            planning.after_publish,
            sender=ArticleEvent,
            dispatch_uid="planning_after_publish",
        )
