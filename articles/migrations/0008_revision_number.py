"""Revisions get consecutive numbers per story; a log row records the
revision current when its step was taken, and a publish its time."""

import django.db.models.deletion
from django.db import migrations, models


def number_revisions(apps, schema_editor):
    Revision = apps.get_model("articles", "Revision")
    ArticleEvent = apps.get_model("articles", "ArticleEvent")
    article_ids = Revision.objects.values_list("article_id", flat=True).distinct()
    for article_id in article_ids:
        revisions = list(
            Revision.objects.filter(article_id=article_id).order_by("version")
        )
        for number, revision in enumerate(revisions, 1):
            revision.number = number
        Revision.objects.bulk_update(revisions, ["number"])
        for event in ArticleEvent.objects.filter(
            article_id=article_id, version__isnull=False
        ):
            current = [r for r in revisions if r.version <= event.version]
            if current:
                event.revision_id = current[-1].pk
                event.save(update_fields=["revision"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_photo_upright_size"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="revision",
            options={
                "ordering": ["-number"],
                "verbose_name": "修订版本",
                "verbose_name_plural": "修订版本",
            },
        ),
        migrations.AddField(
            model_name="articleevent",
            name="publish_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="发布时间"),
        ),
        migrations.AddField(
            model_name="articleevent",
            name="revision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="articles.revision",
                verbose_name="修订版本",
            ),
        ),
        migrations.AddField(
            model_name="revision",
            name="number",
            field=models.PositiveIntegerField(null=True, verbose_name="修订号"),
        ),
        migrations.RunPython(number_revisions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="revision",
            name="number",
            field=models.PositiveIntegerField(verbose_name="修订号"),
        ),
        migrations.AddConstraint(
            model_name="revision",
            constraint=models.UniqueConstraint(
                fields=("article", "number"), name="revision_number_once"
            ),
        ),
    ]
