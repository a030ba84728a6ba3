"""Data the reader-site tests share: stories in every state a reader must
not see, and a live story with n of everything its page prints."""

from django.utils import timezone

from articles.models import Correction

from .factories import (
    ArticlePhotoFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
    PublishedArticleFactory,
    SectionFactory,
)

NOT_LIVE = {
    "draft": {"status": "draft"},
    "under review": {"status": "submitted", "stage": 2},
    "approved": {"status": "approved"},
    "scheduled": {
        "status": "published",
        "publish_at": timezone.now() + timezone.timedelta(days=1),
    },
    "withdrawn": {"status": "withdrawn", "publish_at": timezone.now()},
}


def story_with(n, *, section=None):
    """A live story with n tags, n photos and n byline credits."""
    article = PublishedArticleFactory(
        section=section or SectionFactory(),
        kicker="引题",
        subtitle="副题",
        summary="摘要",
    )
    for i in range(n):
        CreditFactory(article=article, position=i, role="reporter")
        photo = PhotoFactory()
        CreditFactory(photo=photo, role="photo")
        ArticlePhotoFactory(article=article, photo=photo, position=i)
        article.tags.add(f"标签{i}")
    Correction.objects.create(article=article, text="更正一处数字。")
    return article


def section_of_stories_by_one_person(n):
    """n live stories in the section `yaowen`, all tagged 工会 and all
    credited to one person: the list pages' query-budget setup."""
    section = SectionFactory(slug="yaowen")
    stories = [story_with(2, section=section) for _ in range(n)]
    person = CorrespondentFactory(name="程立言")
    for article in stories:
        article.tags.add("工会")
        CreditFactory(article=article, correspondent=person, position=9)
    return person
