"""The demo newsroom's front page as a night editor would leave it: a 头条,
four 焦点图, a 置顶 in 维权课堂, and one 专题. Every word here was written
for Newsroom's demo. Placing again is a no-op, so the demo stays idempotent."""

from django.core.exceptions import ValidationError

from ..models import Article, Photo, Placement, Section, Topic
from ..photos.tasks import process_photo

HEADLINE = "江城市总工会推出职工服务“十件实事”"
FOCUS = [
    "技能比武展风采",
    "江城举办冬季大型招聘会",
    "暖心早餐送给环卫工",
    "临川区新增12家户外劳动者服务站",
]
PINNED = [("weiquan-ketang", "试用期被辞退，能否要求赔偿？")]
TOPIC = {
    "slug": "dongri-nuanxin",
    "title": "冬日暖心·关爱一线职工",
    "intro": (
        "寒潮来临，本报记者走进服务站、工地和环卫班组，"
        "记录全市各级工会为户外劳动者送温暖的点滴。"
    ),
    "lead": "暖心早餐送给环卫工",
    "stories": [
        "暖心早餐送给环卫工",
        "临川区新增12家户外劳动者服务站",
        "全市职工书屋开展“冬日读书季”活动",
        "冬季施工，这些安全要点要记牢",
    ],
}


def _story(headline):
    return Article.objects.filter(headline=headline).first()


def _place(kind, headline, section=None):
    article = _story(headline)
    if article is None or Placement.objects.filter(kind=kind, article=article):
        return
    placement = Placement(kind=kind, article=article, section=section)
    try:
        placement.full_clean()
    except ValidationError:
        return  # e.g. the story is not live in this copy of the demo
    placement.save()


def _ready_photos(headlines):
    """The demo's uploads wait for the worker (`make run` starts it); the
    front page's own are processed here, so that the 头条 and 焦点图 have
    their pictures the moment the demo is ready."""
    waiting = Photo.objects.filter(
        uses__article__headline__in=headlines, status=Photo.PROCESSING
    ).distinct()
    for photo_id in waiting.values_list("pk", flat=True):
        process_photo.call(photo_id)


def curate():
    _ready_photos([HEADLINE, *FOCUS, TOPIC["lead"]])
    _place(Placement.Kind.HEADLINE, HEADLINE)
    for headline in FOCUS:
        _place(Placement.Kind.FOCUS, headline)
    for slug, headline in PINNED:
        _place(Placement.Kind.PINNED, headline, Section.objects.get(slug=slug))
    lead = _story(TOPIC["lead"])
    topic, _created = Topic.objects.get_or_create(
        slug=TOPIC["slug"],
        defaults={
            "title": TOPIC["title"],
            "intro": TOPIC["intro"],
            "lead_photo": lead.article_photos.first().photo if lead else None,
        },
    )
    topic.stories.add(*Article.objects.filter(headline__in=TOPIC["stories"]))
