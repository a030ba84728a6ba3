"""Search reads a stored tsvector instead of computing one at query time.

Until now PostgreSQL ranked candidates with to_tsvector(search_text) worked
out per query, so any search matching a huge story re-tokenised all of it
(6.4 s for one 5 MB story). The vector is now a stored generated column,
written by PostgreSQL itself on every INSERT and UPDATE (the admin, the
editing service, the importer, bulk_create in the bench and the shell
alike), with its own GIN index; the expression index of 0005 goes.

The column covers the first VECTOR_CHARS characters of search_text: a
tsvector cannot pass 1 MB, and 150,000 characters of the densest token text
(every token a distinct pair of Han characters) stay under it. That is the
first 35,000 or so characters of a story, far beyond the body limit's
everyday stories; words further into a monster story are not found.

The model does not declare the column (the ORM would then read a vector
with every story it loads); articles.reader.search names it. SQLite has no
tsvector and gets nothing here.

search_text is filled again because it gained each Han run's last character
(articles.text.index_text), which one-character queries need."""

from django.db import migrations

from articles.text import index_text, plain_text

VECTOR_CHARS = 150_000

ADD_COLUMN = f"""
ALTER TABLE articles_article ADD COLUMN search_vector tsvector
GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, left(COALESCE(search_text, ''), {VECTOR_CHARS}))
) STORED
"""
ADD_INDEX = (
    "CREATE INDEX articles_article_search_vector ON articles_article "
    "USING gin (search_vector)"
)
OLD_INDEX = (
    "CREATE INDEX IF NOT EXISTS articles_article_search_gin ON articles_article "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
)


def fill_search_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    batch = []
    stories = Article.objects.only("kicker", "headline", "subtitle", "summary", "body")
    for article in stories.iterator(chunk_size=1000):
        article.search_text = index_text(
            article.kicker,
            article.headline,
            article.subtitle,
            article.summary,
            plain_text(article.body),
        )
        batch.append(article)
        if len(batch) == 1000:
            Article.objects.bulk_update(batch, ["search_text"])
            batch = []
    Article.objects.bulk_update(batch, ["search_text"])


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS articles_article_search_gin")
        schema_editor.execute(ADD_COLUMN)
        schema_editor.execute(ADD_INDEX)


def drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector"
        )
        schema_editor.execute(OLD_INDEX)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_add_comments_and_presence")]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(add_vector, drop_vector),
    ]
