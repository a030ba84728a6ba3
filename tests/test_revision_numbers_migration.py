"""The migration that numbers revisions: existing revisions get 1, 2, 3 … per
story in version order, and log rows the revision current at their version."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0007_photo_upright_size")]
AFTER = [("articles", "0008_revision_number")]


@pytest.mark.django_db(transaction=True)
def test_existing_revisions_are_numbered_per_story():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Article = old.get_model("articles", "Article")
    Revision = old.get_model("articles", "Revision")
    Event = old.get_model("articles", "ArticleEvent")
    first = Article.objects.create(headline="甲", body="", version=5)
    second = Article.objects.create(headline="乙", body="", version=2)
    for version in (4, 1, 2):  # created out of order; versions jump
        Revision.objects.create(article=first, version=version, data={})
    Revision.objects.create(article=second, version=2, data={})
    at_3 = Event.objects.create(
        article=first,
        action="approve",
        from_status="submitted",
        to_status="submitted",
        version=3,
    )
    at_5 = Event.objects.create(
        article=first,
        action="publish",
        from_status="approved",
        to_status="published",
        version=5,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Revision = new.get_model("articles", "Revision")
    Event = new.get_model("articles", "ArticleEvent")
    numbered = list(
        Revision.objects.order_by("article_id", "version").values_list(
            "article_id", "version", "number"
        )
    )
    assert numbered == [
        (first.pk, 1, 1),
        (first.pk, 2, 2),
        (first.pk, 4, 3),
        (second.pk, 2, 1),
    ]
    assert Event.objects.get(pk=at_3.pk).revision.version == 2
    assert Event.objects.get(pk=at_5.pk).revision.version == 4

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
