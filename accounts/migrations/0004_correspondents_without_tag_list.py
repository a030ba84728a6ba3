"""Outside correspondents (通讯员) no longer hold taggit.view_tag: they type
tags and get suggestions, but do not browse the paper's tag list
(accounts.roles)."""

from django.db import migrations


def sync(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_short_name_help_text")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
