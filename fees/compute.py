"""Freezing fees on records: once a story is printed or published (the
paper's choice, `NEWSROOM_FEE_TRIGGER`), each person on its byline gets a
Fee with the rate version used. A story's fees are computed once; later
rate changes, edits or re-publishing leave them as they were."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Correspondent
from articles.models import Article

from . import rules
from .models import Fee, RateTable
from .placement import placement

PRINT, PUBLISH = "print", "publish"


def trigger() -> str:
    value = getattr(settings, "NEWSROOM_FEE_TRIGGER", PRINT)
    return value if value in (PRINT, PUBLISH) else PRINT


def due_date(article, when: str):
    """The date a story's fee falls due under `when`, None if not yet."""
    if when == PRINT:
        place = placement(article)
        return place.date if place else None
    if article.status != Article.Status.PUBLISHED or article.spiked_at:
        return None
    moment = article.first_published_at or article.publish_at
    return timezone.localdate(moment) if moment else None


def payees(article) -> list[Correspondent]:
    """The people on the story's byline, in printed order, each once
    (units signing a byline, 机构, are not paid)."""
    seen, people = set(), []
    for credit in article.credits.select_related("correspondent").order_by(
        "position", "pk"
    ):
        person = credit.correspondent
        if person.kind == Correspondent.Kind.ORGANISATION or person.pk in seen:
            continue
        seen.add(person.pk)
        people.append(person)
    return people


def facts_for(article) -> rules.Facts:
    place = placement(article)
    return rules.Facts(
        kind=article.kind,
        chars=article.char_count,
        photos=article.article_photos.count(),
        page=place.page if place else None,
        is_lead=bool(place and place.is_lead),
    )


def compute_for(article_id: int, *, when: str | None = None) -> list[Fee]:
    """Compute and freeze the story's fees if it is due and has none yet.
    Returns the story's fees (new or already there); [] if not due, with no
    rate table, or no one to pay."""
    when = when or trigger()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        existing = list(Fee.objects.filter(article=article))
        if existing:
            return existing
        due = due_date(article, when)
        rate = RateTable.current()
        people = payees(article)
        if due is None or rate is None or not people:
            return []
        reckoning = rules.story_fee(facts_for(article), rate)
        shares = rules.weights(len(people), rate.split, rate.first_weight)
        parts = rules.split(reckoning.fen, shares)
        month = due.replace(day=1)
        return [
            Fee.objects.create(
                article=article,
                correspondent=person,
                rate=rate,
                month=month,
                trigger=when,
                basis=reckoning.basis[:300],
                share=rules.share_label(shares, i),
                computed=rules.to_yuan(part),
                amount=rules.to_yuan(part),
            )
            for i, (person, part) in enumerate(zip(people, parts, strict=True))
        ]


def missing(when: str | None = None):
    """Stories whose fee is due but which have none (漏发)."""
    when = when or trigger()
    stories = Article.objects.filter(fees__isnull=True, spiked_at__isnull=True)
    if when == PRINT:
        return stories.filter(print_date__isnull=False)
    return stories.filter(status=Article.Status.PUBLISHED)
