"""The demo newsroom's printed paper (数字报): yesterday's edition, its pages
with their 责任编辑, a drawn page image for each (articles.demo.page_image),
the demo's published stories placed on them in print order, and a 热区 on
each story's block. Every word here was written for Newsroom's demo.

Idempotent: the edition is found by its 总第 N 期, a page keeps an image it
has, a story already on a page stays where it is, and a page with 热区
gets none added.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from .. import editing
from ..models import Article, Edition, Hotspot, Page
from . import page_image

#: The edition's running number as its masthead prints it.
ISSUE = 6218
#: The lead story; the edition is dated the day it went live.
LEAD = "江城市总工会推出职工服务“十件实事”"
#: Each page: number, name, 责任编辑 and its stories in print order.
PAGES = [
    (
        1,
        "要闻",
        "周明远",
        [
            LEAD,
            "临川区新增12家户外劳动者服务站",
            "江城举办冬季大型招聘会",
        ],
    ),
    (
        2,
        "本地新闻",
        "刘晓雯",
        [
            "江钢“金蓝领”学院首批学员结业",
            "全市职工书屋开展“冬日读书季”活动",
            "市总工会开通职工法律援助热线",
            "女职工“康乃馨”服务站增至45家",
        ],
    ),
    (
        3,
        "工会视角",
        "陈思源",
        [
            "把服务送到职工家门口",
            "试用期被辞退，能否要求赔偿？",
            "“老师傅带徒”带出一个标杆班组",
        ],
    ),
]


def _edition_date():
    lead = Article.objects.filter(headline=LEAD, publish_at__isnull=False).first()
    if lead is None:
        return timezone.localdate() - timedelta(days=1)
    return timezone.localtime(lead.publish_at).date()


def _edition() -> Edition | None:
    """The demo's edition, made once; None when its date already has an
    edition of another number (an imported page, say), which is left alone."""
    edition = Edition.objects.filter(number=ISSUE).first()
    if edition is not None:
        return edition
    day = _edition_date()
    if Edition.objects.filter(date=day).exists():
        return None
    return Edition.objects.create(date=day, number=ISSUE)


def _stories(headlines) -> list[Article]:
    """The page's live stories, in print order (a missing one is skipped)."""
    found = {
        story.headline: story
        for story in Article.objects.published().filter(headline__in=headlines)
    }
    return [found[headline] for headline in headlines if headline in found]


def _place(stories, page, chief) -> None:
    """Put each story not yet printed anywhere on the page, the way an
    editor does in the story form: an edit through articles.editing."""
    for position, story in enumerate(stories, start=1):
        if story.page_id is not None:
            continue
        story.page, story.page_position = page, position
        editing.save_edit(
            story,
            by=chief,
            base_version=story.version,
            fields=["page", "page_position"],
            note="见报版面由演示数据排定",
        )


def _draw(page, stories, edition) -> list:
    day = edition.date
    picture, boxes = page_image.draw_page(
        [
            page_image.Story(story.headline, photo=story.article_photos.exists())
            for story in stories
        ],
        paper=settings.NEWSROOM_SITE_NAME,
        front=page.number == 1,
        lines=[
            f"{day.year}年{day.month}月{day.day}日 总第{edition.number}期",
            f"{page.label} · 责任编辑 {page.editor_name}",
        ],
    )
    page.image.save("demo.png", ContentFile(picture), save=False)
    page.image_width, page.image_height = page_image.WIDTH, page_image.HEIGHT
    page.save(update_fields=["image", "image_width", "image_height"])
    return boxes


def _hotspots(page, stories, boxes) -> None:
    rows = []
    for story, (left, top, width, height) in zip(stories, boxes, strict=True):
        spot = Hotspot(
            page=page, article=story, left=left, top=top, width=width, height=height
        )
        try:
            spot.full_clean()
        except ValidationError:
            continue
        rows.append(spot)
    Hotspot.objects.bulk_create(rows)


def make(chief) -> int:
    """Make the demo's e-paper; returns how many pages it made."""
    edition = _edition()
    if edition is None:
        return 0
    made = 0
    for number, name, editor, headlines in PAGES:
        page, created = Page.objects.get_or_create(
            edition=edition,
            number=number,
            defaults={"name": name, "editor_name": editor},
        )
        made += created
        stories = _stories(headlines)
        _place(stories, page, chief)
        # One printed elsewhere before the demo placed it is not drawn here.
        stories = [story for story in stories if story.page_id == page.pk]
        if page.image:
            continue  # an image on file (drawn before, or uploaded) stays
        boxes = _draw(page, stories, edition)
        if not page.hotspots.exists():
            _hotspots(page, stories, boxes)
    return made
