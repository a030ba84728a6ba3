"""What the reader's front page shows, block by block, in a fixed number of
queries however many stories, sections and placements there are.

The night editor's placements come first; where one is missing or has
expired, the page falls back on its own: the newest live story with a
photo is the 头条, the next stories with photos fill the 焦点图, and each
section shows its newest stories under its 置顶. A story shown as a lead
(头条 or 焦点图) is not repeated lower down.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from ..models import (
    Article,
    ArticlePhoto,
    Credit,
    Photo,
    Placement,
    Section,
    Topic,
)

#: How many recent stories the blocks are drawn from (one query).
RECENT = 200
FOCUS_MIN, FOCUS_MAX = 3, 5
PER_SECTION = 5
LATEST = 10
TOPICS = 4


@dataclass
class FrontPage:
    headline: Article | None = None
    focus: list = field(default_factory=list)
    section_blocks: list = field(default_factory=list)
    latest: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    sections: list = field(default_factory=list)

    @property
    def lead_ids(self):
        ids = {story.pk for story in self.focus}
        if self.headline:
            ids.add(self.headline.pk)
        return ids


#: What the blocks print of a story; the text and its search words, the
#: largest columns, stay in the database.
NOT_SHOWN = ("body", "search_text")
#: The columns of the recent stories the blocks print. Django sets each
#: column loaded on each of the 200 stories: these eight of its thirty
#: cost a third of the time.
SHOWN = (
    "kind",
    "kicker",
    "headline",
    "subtitle",
    "summary",
    "section",
    "status",
    "publish_at",
)


def _with_lead_photos(stories):
    """Each story's first ready photo as `lead_photo` (or None): one query
    for them all."""
    first = {}
    if stories:
        uses = ArticlePhoto.objects.filter(
            article_id__in={story.pk for story in stories}, photo__status=Photo.READY
        ).select_related("photo")
        for use in uses:
            first.setdefault(use.article_id, use.photo)
    for story in stories:
        story.lead_photo = first.get(story.pk)


def live_placements(now):
    """Active placements of live stories, with their stories: one query."""
    live = Q(article__status=Article.Status.PUBLISHED, article__publish_at__lte=now)
    return list(
        Placement.objects.active(now)
        .filter(live)
        .select_related("article")
        .defer(*(f"article__{name}" for name in NOT_SHOWN))
        .order_by("position", "created_at", "pk")
    )


def build(now=None) -> FrontPage:
    """The front page's blocks. Queries: sections, placements, recent
    stories, their photos, the 头条's byline and the topics: six."""
    now = now or timezone.now()
    sections = list(Section.objects.all())
    placements = live_placements(now)
    recent = list(Article.objects.published().only(*SHOWN)[:RECENT])
    stories = [*recent, *(placement.article for placement in placements)]
    # Each story's section from the section list rather than a join.
    by_pk = {section.pk: section for section in sections}
    for story in stories:
        story.section = by_pk.get(story.section_id)
        story.pinned = False
    _with_lead_photos(stories)
    page = FrontPage()

    headlines = [p.article for p in placements if p.kind == Placement.Kind.HEADLINE]
    with_photo = [story for story in recent if story.lead_photo]
    page.headline = (
        headlines[0] if headlines else (with_photo[0] if with_photo else None)
    )
    if page.headline is None and recent:
        page.headline = recent[0]

    taken = {page.headline.pk} if page.headline else set()
    for placement in placements:
        story = placement.article
        if (
            placement.kind == Placement.Kind.FOCUS
            and story.lead_photo
            and story.pk not in taken
            and len(page.focus) < FOCUS_MAX
        ):
            page.focus.append(story)
            taken.add(story.pk)
    # Fewer than three curated: the newest stories with photos fill in.
    for story in with_photo:
        if len(page.focus) >= FOCUS_MIN:
            break
        if story.pk not in taken:
            page.focus.append(story)
            taken.add(story.pk)

    pinned = defaultdict(list)
    for placement in placements:
        if placement.kind == Placement.Kind.PINNED:
            story = placement.article
            if story.section_id == placement.section_id and story.pk not in taken:
                story.pinned = True
                pinned[placement.section_id].append(story)
    by_section = defaultdict(list)
    for story in recent:
        if story.section_id and story.pk not in taken:
            by_section[story.section_id].append(story)
    page.sections = sections
    for section in page.sections:
        stories = list(pinned[section.pk])
        shown = {story.pk for story in stories}
        stories += [s for s in by_section[section.pk] if s.pk not in shown]
        if stories:
            page.section_blocks.append((section, stories[:PER_SECTION]))

    page.latest = [story for story in recent if story.pk not in taken][:LATEST]
    if page.headline:
        # Of all the stories, only the 头条 prints its byline.
        prefetch_related_objects(
            [page.headline],
            Prefetch(
                "credits", queryset=Credit.objects.select_related("correspondent")
            ),
        )
    page.topics = list(
        Topic.objects.filter(on_home=True)
        .select_related("lead_photo")
        .annotate(
            live_count=Count(
                "stories",
                filter=Q(
                    stories__status=Article.Status.PUBLISHED,
                    stories__publish_at__lte=now,
                ),
            )
        )[:TOPICS]
    )
    return page
