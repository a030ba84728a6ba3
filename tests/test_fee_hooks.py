"""When fees are computed: after the publish step commits (the paper pays on
publication), or after a story is placed on a printed page (on printing);
never inside the step, so a fee never refuses or undoes a publish."""

from datetime import date
from decimal import Decimal

import pytest

from articles import workflow
from articles.models import Edition, Page
from fees.models import Fee, RateTable

from .workflow_helpers import make_newsroom

pytestmark = pytest.mark.django_db


def rate():
    return RateTable.objects.create(
        version=1,
        per_thousand_story=Decimal("100"),
        per_thousand_photo=Decimal("50"),
        per_thousand_brief=Decimal("80"),
        per_thousand_column=Decimal("150"),
        minimum=Decimal("30"),
        per_photo=Decimal("40"),
    )


def test_publishing_computes_the_fee_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_FEE_TRIGGER = "publish"
    rate()
    people = make_newsroom()
    story = people.story("approved")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.publish(story, by=people.chief)
    assert not Fee.objects.exists()  # nothing inside the step
    for callback in callbacks:
        callback()
    (fee,) = Fee.objects.filter(article=story)
    assert fee.trigger == "publish" and fee.amount == Decimal("30.00")


def test_publishing_without_rates_still_publishes(
    settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_FEE_TRIGGER = "publish"
    people = make_newsroom()
    story = people.story("approved")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(story, by=people.chief)
    story.refresh_from_db()
    assert story.status == "published" and not Fee.objects.exists()


def test_placing_on_a_page_computes_on_print(
    settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_FEE_TRIGGER = "print"
    rate()
    people = make_newsroom()
    story = people.story("published")
    assert not Fee.objects.exists()  # published, not yet printed
    edition = Edition.objects.create(date=date(2026, 11, 3), number=18010)
    story.page = Page.objects.create(edition=edition, number=2, name="本地新闻")
    story.page_position = 3
    with django_capture_on_commit_callbacks(execute=True):
        story.save()
    (fee,) = Fee.objects.filter(article=story)
    assert fee.trigger == "print" and fee.month == date(2026, 11, 1)


def test_a_failing_fee_never_fails_the_publish(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    from fees import compute

    settings.NEWSROOM_FEE_TRIGGER = "publish"
    rate()
    people = make_newsroom()
    story = people.story("approved")

    def broken(*args, **kwargs):
        raise RuntimeError("稿费计算出错")

    monkeypatch.setattr(compute, "compute_for", broken)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(story, by=people.chief)
    story.refresh_from_db()
    assert story.status == "published" and not Fee.objects.exists()
    assert story in compute.missing("publish")
