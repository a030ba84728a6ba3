from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = "稿费与发稿统计"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import hooks  # noqa: F401  (connects the signal receivers)
