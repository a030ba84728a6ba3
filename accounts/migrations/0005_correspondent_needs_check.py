from django.db import migrations, models


def mark_imported_people(apps, schema_editor):
    """People the importer made before the flag existed carry 待核实 in their
    internal note: they still wait for an editor."""
    Correspondent = apps.get_model("accounts", "Correspondent")
    Correspondent.objects.filter(notes__contains="待核实").update(needs_check=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_correspondents_without_tag_list"),
    ]

    operations = [
        migrations.AddField(
            model_name="correspondent",
            name="needs_check",
            field=models.BooleanField(
                default=False,
                help_text="导入版面时新建的署名人，待编辑确认或合并到已有署名人。",
                verbose_name="待核实",
            ),
        ),
        migrations.RunPython(mark_imported_people, migrations.RunPython.noop),
    ]
