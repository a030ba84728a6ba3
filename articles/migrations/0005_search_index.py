"""Fill the search column for existing stories and, on PostgreSQL, index it
with GIN over the same expression articles.search queries."""

from django.db import migrations

from articles.text import index_text, plain_text

INDEX = (
    "CREATE INDEX IF NOT EXISTS articles_article_search_gin ON articles_article "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
)


def fill_search_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.iterator():
        article.search_text = index_text(
            article.kicker,
            article.headline,
            article.subtitle,
            article.summary,
            plain_text(article.body),
        )
        article.save(update_fields=["search_text"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS articles_article_search_gin")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_add_search_text")]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
