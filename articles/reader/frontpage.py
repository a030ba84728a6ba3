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

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from ..models import Article, ArticlePhoto, Photo, Placement, Section, Topic

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


def with_lead_photo(stories):
    """Each story's first ready photo as `lead_photo` (or None), one query."""
    uses = ArticlePhoto.objects.filter(photo__status=Photo.READY).select_related(
        "photo"
    )
    return stories.select_related("section").prefetch_related(
        Prefetch("article_photos", queryset=uses, to_attr="ready_photos")
    )


def _lead_photo(story):
    photos = getattr(story, "ready_photos", None) or []
    story.lead_photo = photos[0].photo if photos else None
    return story


def live_placements(now):
    """Active placements of live stories, with their stories: two queries."""
    live = Q(article__status=Article.Status.PUBLISHED, article__publish_at__lte=now)
    rows = list(
        Placement.objects.active(now)
        .filter(live)
        .order_by("position", "created_at", "pk")
        .prefetch_related(
            Prefetch(
                "article", queryset=with_lead_photo(Article.objects.with_bylines())
            )
        )
    )
    for row in rows:
        _lead_photo(row.article)
    return rows


def build(now=None) -> FrontPage:
    """The front page's blocks. Queries: placements (2 + bylines 1), recent
    stories (1 + photos 1 + bylines 1), sections (1), topics (1)."""
    now = now or timezone.now()
    placements = live_placements(now)
    recent = [
        _lead_photo(story)
        for story in with_lead_photo(Article.objects.published().with_bylines())[
            :RECENT
        ]
    ]
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
    page.sections = list(Section.objects.all())
    for section in page.sections:
        stories = list(pinned[section.pk])
        shown = {story.pk for story in stories}
        stories += [s for s in by_section[section.pk] if s.pk not in shown]
        if stories:
            page.section_blocks.append((section, stories[:PER_SECTION]))

    page.latest = [story for story in recent if story.pk not in taken][:LATEST]
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
