"""The night editor (值班总编) role, and the desks' permissions for the
chief editor (keeps them), the desk chiefs and the night editor (see them)
(accounts.roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def sync(apps, schema_editor):
    from accounts.roles import sync_roles

    # Desk's permissions are normally created after all migrations have
    # run; make them now so the roles can be given them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_night_editor(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="值班总编").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_desk")]

    operations = [migrations.RunPython(sync, remove_night_editor)]
