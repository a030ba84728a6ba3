"""The search index learns each story's month.

A search lists the newest matches. For a pair of words that often go
together (a name, 防汛 and 河堤) PostgreSQL cannot tell how many stories
hold both, so it read every match from the GIN index and then each one's
date from the table: tens of thousands of rows at 1,000,000 stories. The
GIN index now holds, beside the story's words, one token for the month of
its date (publish_at, or created_at for a story never published), and a
search asks for its words in this month, then in the months before, in
wider and wider spans (articles.reader.search.newest_matches). Each span's
matches come from the index alone; only they are read from the table.

The token is '@' and the month as yyyymm, in UTC: the text parser never
makes a lexeme with '@' in it, so no story's words can be taken for a
month. The index is on an expression over the stored vector, so no row is
rewritten; the plain vector's index goes, as every search now names the
expression (articles.reader.search.DOCUMENT). SQLite gets nothing here."""

from django.db import migrations

MONTH = "timezone('UTC', COALESCE(publish_at, created_at))"
DOCUMENT = (
    "(search_vector || array_to_tsvector(ARRAY['@' || ("
    f"date_part('year', {MONTH}) * 100 + date_part('month', {MONTH})"
    ")::integer::text]))"
)
ADD = (
    "CREATE INDEX articles_article_search_dated ON articles_article "
    f"USING gin ({DOCUMENT})"
)
PLAIN = (
    "CREATE INDEX articles_article_search_vector ON articles_article "
    "USING gin (search_vector)"
)


def dated(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)
        schema_editor.execute("DROP INDEX IF EXISTS articles_article_search_vector")
        # Statistics for the indexed expression now, not at autovacuum's
        # next analysis: how common a word is decides how its newest
        # matches are found (articles.reader.search.common).
        schema_editor.execute("ANALYZE articles_article")


def plain(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PLAIN)
        schema_editor.execute("DROP INDEX IF EXISTS articles_article_search_dated")


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_related_index")]

    operations = [migrations.RunPython(dated, plain)]
