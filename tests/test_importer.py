"""Importing print pages: splitting stories, repairing column breaks, reading
bylines and datelines, matching people, idempotency, the command and the
admin screen."""

import json
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Correspondent
from articles.importer import parse_byline, parse_page
from articles.models import Article

from .factories import CorrespondentFactory, SectionFactory, UserFactory

PAGES = Path(__file__).resolve().parent / "data" / "pages"
#: Page 2 of our demo paper, 江城工人报, as text cut from its PDF: half-width
#: punctuation, paragraphs broken where a column ended, masthead matter.
PAGE_2 = PAGES / "page2-2026-11-30.txt"
#: Page 3: full-width punctuation, three-line and two-line headline blocks,
#: leading bylines, a column, briefs, photo news, staff lines.
PAGE_3 = PAGES / "page3-2027-01-02.txt"


def people(story):
    return [(b.name, b.role, b.kind) for b in story.bylines]


def credit(byline: dict) -> dict:
    return {key: byline[key] for key in ("name", "role", "kind")}


def summary(story):
    return (
        story.kind,
        story.kicker,
        story.headline,
        story.subtitle,
        story.column,
        people(story),
        story.paragraphs[0][:8],
        len(story.paragraphs),
        story.dateline,
    )


# --------------------------------------------------------- the house's pages

LIN = ("林晓峰", "记者", "person")


def test_a_pdf_cut_page_yields_the_stories_a_reader_sees():
    page = parse_page(PAGE_2.read_text(encoding="utf-8"), page_date=date(2026, 11, 30))
    assert [summary(s) for s in page.stories] == [
        (
            "story",
            "",
            "江城:以实干实绩交出职工满意的工会答卷",
            "",
            None,
            [LIN],
            "11月23日,江",
            6,
            "2026-11-23",
        ),
        (
            "story",
            "",
            "青山镇“绿能小镇”带动储能产业发展",
            "",
            None,
            [("许文静", "通讯员", "person"), LIN],
            "近日,以储能装备",
            4,
            None,
        ),
        (
            "story",
            "推出“五心”服务 留住技能人才",
            "江城高新区打造青年技工安家首选地",
            "",
            None,
            [
                ("宋雨桐", "通讯员", "person"),
                ("顾嘉铭", "通讯员", "person"),
                ("韩立", "通讯员", "person"),
                LIN,
            ],
            "“评上‘江城工匠",
            6,
            None,
        ),
        (
            "photo",
            "",
            "",
            "",
            None,
            [("林晓峰", "摄", "person"), ("苏文杰", "摄", "person")],
            "11月27日,江",
            1,
            "2026-11-27",
        ),
        (
            "story",
            "",
            "江城市总工会命名12家职工子女爱心托管班",
            "",
            None,
            [("江女工", None, "organisation")],
            "为支持各级工会开",
            2,
            None,
        ),
        (
            "story",
            "",
            "“暖心驿站”户外劳动者服务站启用",
            "",
            None,
            [("欧阳雪", "通讯员", "person"), LIN],
            "近日,东湖商业街",
            3,
            None,
        ),
    ]
    first = page.stories[0]
    # The paragraphs cut at a column end are whole again.
    assert "要坚持以职工为中心的工作导向," in first.paragraphs[3]
    assert first.paragraphs[4].startswith("要持续深化改革,激发基层活力。要敢破敢立")
    assert "长期依赖外购的问题。" in page.stories[2].paragraphs[2]
    assert "今年暑假期间,江城市总工会部署" in page.stories[4].paragraphs[1]
    assert page.stories[3].paragraphs[0].endswith("青山管理部何晓丽获个人一等奖。")
    assert [s.notes for s in page.stories] == [
        [],
        [],
        ["引题与主题排在同一行：以最后一段为主题，请核对。"],
        [],
        [],
        [],
    ]
    assert [(s.text, s.reason) for s in page.skipped] == [
        ("职工身边的报纸 劳动者的知心朋友", "版面文字"),
        ("2027年度《江城工人报》开始订阅啦!", "订阅与广告"),
        ("- 工友论坛", "栏目索引"),
        ("- 江城关注", "栏目索引"),
        ("- 法律顾问", "栏目索引"),
        ("- 安康家园", "栏目索引"),
        ("- 班组风采", "栏目索引"),
        ("国内统一刊号: CN99-0427", "报刊信息"),
        ("全年订价198元", "订阅与广告"),
        ("邮发代号99-27", "报刊信息"),
        ("订阅热线: 0000-6543210", "订阅与广告"),
        ("抖音", "新媒体标识"),
        ("微博", "新媒体标识"),
        ("微信", "新媒体标识"),
    ]


def test_a_full_width_page_yields_the_stories_a_reader_sees():
    page = parse_page(
        PAGE_3.read_text(encoding="utf-8"),
        page_date=date(2027, 1, 2),
        columns=("法律顾问",),
    )
    assert [summary(s) for s in page.stories] == [
        (
            "story",
            "聚焦一线需求 提升服务效能",
            "江城推出职工服务十件实事",
            "年底前全部落地",
            None,
            [
                LIN,
                ("许文静", "通讯员", "person"),
                ("宋雨桐", "通讯员", "person"),
            ],
            "12月30日，江",
            3,
            "2026-12-30",  # a December dateline on a January page: last year
        ),
        (
            "story",
            "稳就业 促增收",
            "江城举办新春大型招聘会",
            "",
            None,
            [LIN, ("苏文杰", "记者", "person"), ("欧阳雪", "通讯员", "person")],
            "1月1日，江城市",
            2,
            "2027-01-01",
        ),
        (
            "story",
            "",
            "青山镇职工书屋添新书",
            "三千册图书送到车间班组",
            None,
            [("韩立", None, "person")],
            "近日，青山镇总工",
            1,
            None,
        ),
        (
            "column",
            "",
            "试用期被辞退怎么办",
            "",
            "法律顾问",
            [("顾明远", "特约", "person")],
            "【案情】小周入职",
            2,
            None,
        ),
        (
            "brief",
            "",
            "",
            "",
            None,
            [("许文静", None, "person")],
            "日前，江城市总工",
            1,
            None,
        ),
        (
            "brief",
            "",
            "",
            "",
            None,
            [("王海涛", "通讯员", "person")],
            "东湖区总工会近日",
            1,
            None,
        ),
        (
            "photo",
            "",
            "",
            "",
            None,
            [("苏文杰", "摄", "person")],
            "1月1日，江城市",
            1,
            "2027-01-01",
        ),
        (
            "photo",
            "",
            "",
            "",
            None,
            [("韩立", "文/摄", "person")],
            "12月31日，青",
            1,
            "2026-12-31",
        ),
    ]
    # The leading byline is taken out of the first paragraph.
    assert page.stories[1].paragraphs[0].startswith("1月1日，江城市总工会联合")
    assert "由各级工会在岁末走访中征集而来，" in page.stories[0].paragraphs[1]
    assert page.stories[6].paragraphs == [
        "1月1日，江城市职工迎新长跑在滨江绿道举行，两千余名职工参加。"
    ]
    assert [s.notes for s in page.stories] == [
        [],
        ["两行标题：按“引题+主题”拆分，请核对。"],
        [],
        [],
        [],
        [],
        [],
        [],
    ]
    assert [(s.text, s.reason) for s in page.skipped] == [
        ("第3版 工会新闻", "版面页眉"),
        ("2027年1月2日 星期六", "版面页眉"),
        ("责编：程雅琴", "版面人员"),
        ("校对：邵明", "版面人员"),
        ("新闻热线：0000-7654321", "联系方式"),
    ]


# ------------------------------------------------------ pages made for tests

NO_BREAKS = """
江城新增12家服务站

11月20日，江城市总工会宣布新增12家户外劳动者服务站。

服务站全天开放。

记者 林晓峰
"""


def test_a_page_without_column_breaks_keeps_its_paragraphs():
    page = parse_page(NO_BREAKS, page_date=date(2026, 11, 21))
    (story,) = page.stories
    assert story.paragraphs == [
        "11月20日，江城市总工会宣布新增12家户外劳动者服务站。",
        "服务站全天开放。",
    ]
    assert story.dateline == "2026-11-20"
    assert people(story) == [("林晓峰", "记者", "person")]


def test_a_column_break_is_joined_without_joining_real_paragraphs():
    page = parse_page(
        "标题一则\n\n第一段说到一半，在栏尾\n\n断开了，这里接着说完。\n\n"
        "第二段是完整的。\n\n记者 张三\n"
    )
    (story,) = page.stories
    assert story.paragraphs == [
        "第一段说到一半，在栏尾断开了，这里接着说完。",
        "第二段是完整的。",
    ]


BRIEFS = """
日前，市总工会开通职工法律援助热线，职工可在工作日拨打咨询。

许文静

临川区总工会近日为三百名环卫工人送上冬衣。

通讯员 王海涛
"""


def test_a_page_of_briefs_without_headlines():
    page = parse_page(BRIEFS)
    assert [(s.kind, s.headline, people(s)) for s in page.stories] == [
        ("brief", "", [("许文静", None, "person")]),
        ("brief", "", [("王海涛", "通讯员", "person")]),
    ]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "聚焦一线需求 提升服务效能\n江城推出职工服务十件实事\n——年底前全部落地",
            ("聚焦一线需求 提升服务效能", "江城推出职工服务十件实事", "年底前全部落地"),
        ),
        (
            "江城举办冬季招聘会\n——三百余家企业提供岗位八千余个",
            ("", "江城举办冬季招聘会", "三百余家企业提供岗位八千余个"),
        ),
        (
            "稳就业 促增收\n江城举办冬季大型招聘会",
            ("稳就业 促增收", "江城举办冬季大型招聘会", ""),
        ),
        (
            "推出“五心”服务 留住技能人才 江城高新区打造青年技工安家首选地",
            ("推出“五心”服务 留住技能人才", "江城高新区打造青年技工安家首选地", ""),
        ),
        ("江城 新增 服务站", ("", "江城 新增 服务站", "")),
    ],
)
def test_headline_blocks(block, expected):
    text = block.replace("\n", "\n\n") + "\n\n正文一句话。\n\n记者 张三"
    (story,) = parse_page(text).stories
    assert (story.kicker, story.headline, story.subtitle) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "本报讯(记者 林晓峰 通讯员 许文静)11月20日，江城召开会议。",
        "本报讯（记者 林晓峰 通讯员 许文静）11月20日，江城召开会议。",
        "本报讯（记者\u3000林晓峰\u3000通讯员\u3000许文静）11月20日，江城召开会议。",
    ],
)
def test_leading_bylines(paragraph):
    (story,) = parse_page(
        "江城召开会议\n\n" + paragraph, page_date=date(2026, 11, 21)
    ).stories
    assert people(story) == [
        ("林晓峰", "记者", "person"),
        ("许文静", "通讯员", "person"),
    ]
    assert story.paragraphs == ["11月20日，江城召开会议。"]
    assert story.dateline == "2026-11-20"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "通讯员 宋雨桐 顾嘉铭 韩立 记者 林晓峰",
            [
                ("宋雨桐", "通讯员", "person"),
                ("顾嘉铭", "通讯员", "person"),
                ("韩立", "通讯员", "person"),
                ("林晓峰", "记者", "person"),
            ],
        ),
        (
            "通讯员\u3000宋雨桐\u3000记者\u3000林晓峰",
            [("宋雨桐", "通讯员", "person"), ("林晓峰", "记者", "person")],
        ),
        ("记者 林晓峰", [("林晓峰", "记者", "person")]),
        ("本报记者 林晓峰", [("林晓峰", "记者", "person")]),
        ("本报记者林晓峰", [("林晓峰", "记者", "person")]),
        ("林晓峰 苏文杰 摄", [("林晓峰", "摄", "person"), ("苏文杰", "摄", "person")]),
        ("本报记者 林晓峰 摄", [("林晓峰", "摄", "person")]),
        ("文/摄 张三", [("张三", "文/摄", "person")]),
        ("张三 文/摄", [("张三", "文/摄", "person")]),
        ("文摄 张三", [("张三", "文/摄", "person")]),
        ("特约撰稿 顾明", [("顾明", "特约", "person")]),
        ("江女工", [("江女工", None, "organisation")]),
        ("某某县总工会", [("某某县总工会", None, "organisation")]),
        ("张三", [("张三", None, "person")]),
        ("阿依古丽·买买提", [("阿依古丽·买买提", None, "person")]),
        ("责编:李四", None),
        ("责任编辑：李四", None),
        ("江城新增服务站十二家", None),
        ("今年暑假期间，全市共有38家单位组织托管班。", None),
        ("", None),
    ],
)
def test_bylines_wherever_the_paper_puts_them(line, expected):
    got = parse_byline(line)
    assert (
        None if got is None else [(b.name, b.role, b.kind) for b in got]
    ) == expected


def test_photo_news_with_credit_after_the_caption():
    page = parse_page("11月21日，焊工决赛在技师学院举行。 本报记者 陈立新 摄")
    (story,) = page.stories
    assert story.kind == "photo"
    assert story.paragraphs == ["11月21日，焊工决赛在技师学院举行。"]
    assert people(story) == [("陈立新", "摄", "person")]


def test_staff_lines_are_not_bylines_and_are_reported():
    page = parse_page("标题\n\n正文。\n\n记者 张三\n\n责编:李四\n\n校对：王五")
    assert people(page.stories[0]) == [("张三", "记者", "person")]
    assert [(s.text, s.reason) for s in page.skipped] == [
        ("责编:李四", "版面人员"),
        ("校对：王五", "版面人员"),
    ]


def test_a_column_label_puts_the_next_story_in_that_column():
    page = parse_page(
        "维权课堂\n\n试用期被辞退怎么办\n\n【案情】小王入职。\n\n记者 周雨桐",
        columns=("维权课堂",),
    )
    (story,) = page.stories
    assert (story.kind, story.column, story.headline) == (
        "column",
        "维权课堂",
        "试用期被辞退怎么办",
    )


@pytest.mark.parametrize(
    ("page_date", "dateline", "expected"),
    [
        (date(2022, 11, 30), "11月23日,", "2022-11-23"),
        (date(2023, 1, 2), "12月30日，", "2022-12-30"),
        (date(2022, 11, 30), "12月1日，", "2022-12-01"),  # printed the night before
        (date(2022, 11, 30), "2月30日，", None),
        (None, "11月23日，", None),
    ],
)
def test_datelines_resolve_against_the_page_date(page_date, dateline, expected):
    (story,) = parse_page(
        f"标题\n\n{dateline}会议召开。\n\n记者 张三", page_date=page_date
    ).stories
    assert story.dateline == expected


def test_unsure_splits_and_missing_bylines_are_flagged():
    page = parse_page("主题一行\n副题一行\n\n正文。\n\n下一篇的标题\n\n正文二。")
    assert "两行标题" in " ".join(page.stories[0].notes)
    assert "没有找到署名" in " ".join(page.stories[1].notes)


def test_every_naughty_string_parses_without_error(blns):
    for text in blns:
        page = parse_page(text)
        json.dumps(page.as_json(), ensure_ascii=False)
    page = parse_page("\n\n".join(blns))
    assert page.stories or page.skipped


# ----------------------------------------------------------------- importing

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_import_creates_stories_credits_and_people_once():
    existing = CorrespondentFactory(name="林晓峰", kind="staff")
    CorrespondentFactory(name="许文静")
    CorrespondentFactory(name="许文静")  # two people share this name
    out = StringIO()
    call_command(
        "import_page", str(PAGE_2), "--date", "2026-11-30", "--page", "2", stdout=out
    )
    report = out.getvalue()
    assert "新建稿件 6 篇，已存在 0 篇，跳过 14 段，新建署名人 6 位" in report
    assert "“许文静”有 2 位同名署名人" in report
    assert "原稿没有标题，暂用正文开头作标题" in report  # the photo news
    articles = Article.objects.order_by("pk")
    assert [(a.kind, a.kicker, a.headline[:12], a.byline()) for a in articles] == [
        ("story", "", "江城:以实干实绩交出职工", "记者 林晓峰"),
        ("story", "", "青山镇“绿能小镇”带动储", "通讯员 许文静 记者 林晓峰"),
        (
            "story",
            "推出“五心”服务 留住技能人才",
            "江城高新区打造青年技工安",
            "通讯员 宋雨桐 顾嘉铭 韩立 记者 林晓峰",
        ),
        ("photo", "", "11月27日,江城市住房", "林晓峰 苏文杰 摄"),
        ("story", "", "江城市总工会命名12家职", "江女工"),
        ("story", "", "“暖心驿站”户外劳动者服", "通讯员 欧阳雪 记者 林晓峰"),
    ]
    assert all(a.status == "draft" and a.print_page == 2 for a in articles)
    assert all(a.print_date == date(2026, 11, 30) for a in articles)
    assert articles[0].credits.get().correspondent == existing  # one record: reused
    new_people = Correspondent.objects.exclude(name__in=["林晓峰", "许文静"])
    assert dict(new_people.values_list("name", "kind")) == {
        "宋雨桐": "correspondent",
        "顾嘉铭": "correspondent",
        "韩立": "correspondent",
        "苏文杰": "photographer",
        "江女工": "organisation",
        "欧阳雪": "correspondent",
    }
    assert articles[0].body.startswith("<p>11月23日,江城市总工会")
    assert articles[0].body.count("<p>") == 6
    people_before = Correspondent.objects.count()

    again = StringIO()
    call_command(
        "import_page", str(PAGE_2), "--date", "2026-11-30", "--page", "2", stdout=again
    )
    assert "新建稿件 0 篇，已存在 6 篇" in again.getvalue()
    assert Article.objects.count() == 6
    assert Correspondent.objects.count() == people_before


@pytestmark_db
def test_import_puts_a_column_story_in_its_section_and_reads_every_role():
    column = SectionFactory(name="法律顾问", slug="falv", is_column=True)
    call_command("import_page", str(PAGE_3), "--date", "2027-01-02", stdout=StringIO())
    articles = Article.objects.order_by("pk")
    assert [(a.kind, a.headline, a.section_id, a.byline()) for a in articles] == [
        ("story", "江城推出职工服务十件实事", None, "记者 林晓峰 通讯员 许文静 宋雨桐"),
        ("story", "江城举办新春大型招聘会", None, "记者 林晓峰 苏文杰 通讯员 欧阳雪"),
        ("story", "青山镇职工书屋添新书", None, "韩立"),
        ("column", "试用期被辞退怎么办", column.pk, "特约 顾明远"),
        (
            "brief",
            "日前，江城市总工会开通职工法律援助热线，职工可在工作日拨打咨",
            None,
            "许文静",
        ),
        (
            "brief",
            "东湖区总工会近日为三百名环卫工人送上冬衣和暖心餐券。",
            None,
            "通讯员 王海涛",
        ),
        (
            "photo",
            "1月1日，江城市职工迎新长跑在滨江绿道举行，两千余名职工参加",
            None,
            "苏文杰 摄",
        ),
        (
            "photo",
            "12月31日，青山镇职工合唱团在镇文化站排练新年音乐会曲目。",
            None,
            "文/摄 韩立",
        ),
    ]
    assert (articles[0].kicker, articles[0].subtitle) == (
        "聚焦一线需求 提升服务效能",
        "年底前全部落地",
    )
    assert Correspondent.objects.get(name="顾明远").kind == "contributor"


@pytestmark_db
def test_dry_run_json_prints_the_page_and_touches_nothing():
    out = StringIO()
    call_command(
        "import_page",
        str(PAGE_2),
        "--dry-run",
        "--json",
        "--date",
        "2026-11-30",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert set(data) == {
        "stories",
        "skipped",
        "print",
        "page_date",
        "page_number",
        "will_create",
        "already_imported",
        "flags",
    }
    assert data["will_create"]["stories"] == 6 and data["already_imported"] == 0
    assert {story["status"] for story in data["stories"]} == {"new"}
    assert [
        {key: story[key] for key in ("kind", "kicker", "headline", "subtitle")}
        for story in data["stories"]
    ] == [
        {
            "kind": "story",
            "kicker": "",
            "headline": "江城:以实干实绩交出职工满意的工会答卷",
            "subtitle": "",
        },
        {
            "kind": "story",
            "kicker": "",
            "headline": "青山镇“绿能小镇”带动储能产业发展",
            "subtitle": "",
        },
        {
            "kind": "story",
            "kicker": "推出“五心”服务 留住技能人才",
            "headline": "江城高新区打造青年技工安家首选地",
            "subtitle": "",
        },
        {"kind": "photo", "kicker": "", "headline": "", "subtitle": ""},
        {
            "kind": "story",
            "kicker": "",
            "headline": "江城市总工会命名12家职工子女爱心托管班",
            "subtitle": "",
        },
        {
            "kind": "story",
            "kicker": "",
            "headline": "“暖心驿站”户外劳动者服务站启用",
            "subtitle": "",
        },
    ]
    story = data["stories"][2]
    assert story["column"] is None and story["dateline"] is None
    assert [credit(b) for b in story["bylines"]] == [
        {"name": "宋雨桐", "role": "通讯员", "kind": "person"},
        {"name": "顾嘉铭", "role": "通讯员", "kind": "person"},
        {"name": "韩立", "role": "通讯员", "kind": "person"},
        {"name": "林晓峰", "role": "记者", "kind": "person"},
    ]
    assert story["body"].startswith("“评上‘江城工匠’以后")
    assert story["body"].count("\n\n") == 5  # six paragraphs
    assert data["stories"][0]["dateline"] == "2026-11-23"
    assert [credit(b) for b in data["stories"][4]["bylines"]] == [
        {"name": "江女工", "role": None, "kind": "organisation"}
    ]
    assert len(data["skipped"]) == 14
    assert data["skipped"][0] == {
        "text": "职工身边的报纸 劳动者的知心朋友",
        "reason": "版面文字",
    }
    assert not Article.objects.exists() and not Correspondent.objects.exists()


@pytestmark_db
def test_the_dry_run_says_what_the_import_then_does(tmp_path):
    """--dry-run --json and the import share one plan: new stories, stories
    imported before, new people (once each, even in two stories), flags."""
    CorrespondentFactory(name="林晓峰", kind="staff")
    page = tmp_path / "page.txt"
    page.write_text(
        "第4版:综合\n\n江城新增服务站\n\n1月2日，江城新增服务站十个。\n\n"
        "记者 林晓峰 通讯员 许文静\n\n青山镇书屋开放\n\n"
        "本报讯（通讯员 许文静）青山镇职工书屋开放。\n\n"
        "东湖区新闻简报\n△东湖区开通热线。(建民)\n\n"
        "1月2日，东湖区职工长跑举行。 许文静 摄\n",
        encoding="utf-8",
    )

    def dry_run():
        out = StringIO()
        call_command(
            "import_page",
            str(page),
            "--dry-run",
            "--json",
            "--date",
            "2027-01-02",
            stdout=out,
        )
        return json.loads(out.getvalue())

    plan = dry_run()
    assert plan["page_number"] == 4  # read from the page's header line
    assert plan["will_create"] == {
        "stories": 4,
        "people": [
            {"name": "许文静", "kind": "correspondent"},
            {"name": "建民", "kind": "staff"},
        ],
    }
    # 许文静 is credited three times, once for a photo: one new record.
    assert [s["status"] for s in plan["stories"]] == ["new"] * 4
    assert [b["existing_id"] is not None for b in plan["stories"][0]["bylines"]] == [
        True,
        False,
    ]
    assert any("“建民”不像完整的姓名" in flag for flag in plan["flags"])
    assert not Article.objects.exists() and Correspondent.objects.count() == 1

    out = StringIO()
    call_command("import_page", str(page), "--date", "2027-01-02", stdout=out)
    assert "新建稿件 4 篇，已存在 0 篇" in out.getvalue()
    assert "新建署名人 2 位" in out.getvalue()
    made = Correspondent.objects.get(name="许文静")
    assert made.notes.startswith("待核实")
    assert made.credits.count() == 3  # one record for all three stories
    assert {a.print_page for a in Article.objects.all()} == {4}

    again = dry_run()
    assert again["will_create"] == {"stories": 0, "people": []}
    assert again["already_imported"] == 4 and again["flags"] == []
    assert [s["status"] for s in again["stories"]] == ["existing"] * 4


@pytestmark_db
def test_the_preview_of_a_page_imported_before_promises_nothing_new(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import roles

    call_command("import_page", str(PAGE_2), "--date", "2026-11-30", stdout=StringIO())
    client.force_login(UserFactory(role=roles.EDITOR))
    upload = SimpleUploadedFile("page.txt", PAGE_2.read_bytes(), "text/plain")
    preview = client.post(
        reverse("admin:articles_article_import"),
        {"file": upload, "date": "2026-11-30", "status": "draft"},
    )
    page = preview.content.decode()
    assert "将新建 0 篇稿件" in page
    assert "已导入过 6 篇，不会重复建立" in page
    assert "将新建署名人 0 位" in page
    assert page.count("已存在，跳过") == 6


@pytestmark_db
def test_import_into_a_section_and_submit_for_review():
    from accounts import roles

    section = SectionFactory(slug="bendi")
    user = UserFactory(username="importer", role=roles.REPORTER)
    call_command(
        "import_page",
        str(PAGE_2),
        "--section",
        "bendi",
        "--status",
        "submitted",
        "--user",
        "importer",
        stdout=StringIO(),
    )
    assert Article.objects.count() == 6
    assert set(Article.objects.values_list("status", "stage", "section")) == {
        ("submitted", 1, section.pk)
    }
    assert set(Article.objects.values_list("created_by", flat=True)) == {user.pk}


@pytestmark_db
def test_a_gb18030_file_is_read(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(NO_BREAKS.encode("gb18030"))
    out = StringIO()
    call_command("import_page", str(path), "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue())["stories"][0]["headline"] == "江城新增12家服务站"


@pytestmark_db
@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "找不到文件"),
        (b"", [], "文件是空的"),
        (b"   \n\n  ", [], "文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", [], "不是文本文件"),
        (b"\xff\xfe\xfa\xfb" * 10 + b"\xc0", [], "无法识别文件编码"),
        (b"x" * (2 * 1024 * 1024 + 1), [], "超过 2 MB"),
        (NO_BREAKS.encode(), ["--date", "2022-13-01"], "YYYY-MM-DD"),
        (NO_BREAKS.encode(), ["--date", "昨天"], "YYYY-MM-DD"),
        (NO_BREAKS.encode(), ["--page", "0"], "1 到 999"),
        (NO_BREAKS.encode(), ["--page", "-3"], "1 到 999"),
        (NO_BREAKS.encode(), ["--page", "二"], "1 到 999"),
        (NO_BREAKS.encode(), ["--section", "nope"], "没有网址标识为“nope”的栏目"),
        (NO_BREAKS.encode(), ["--status", "published"], "只能是 draft 或 submitted"),
        (NO_BREAKS.encode(), ["--status", "submitted"], "需要用 --user"),
        (NO_BREAKS.encode(), ["--user", "ghost"], "没有名为“ghost”的在用账号"),
    ],
)
def test_bad_command_input_gets_a_chinese_error_and_saves_nothing(
    tmp_path, content, args, message
):
    path = tmp_path / "page.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_page", str(path), *args, stdout=StringIO())
    assert not Article.objects.exists()


@pytestmark_db
def test_the_admin_import_screen_previews_then_imports(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import roles

    client.force_login(UserFactory(role=roles.EDITOR))
    url = reverse("admin:articles_article_import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("page.txt", PAGE_2.read_bytes(), "text/plain")
    preview = client.post(
        url, {"file": upload, "date": "2026-11-30", "status": "draft"}
    )
    page = preview.content.decode()
    assert "将新建 6 篇稿件" in page and "江城高新区打造青年技工安家首选地" in page
    # Each new person once, though 林晓峰 is credited as 记者 and for a photo.
    assert "将新建署名人 8 位（待核实）：林晓峰、许文静、宋雨桐" in page
    assert "请核对 2 处" in page
    assert "栏目索引" in page
    assert not Article.objects.exists()
    form = preview.context["form"]
    confirmed = client.post(
        url,
        {
            "text": form.initial["text"],
            "date": "2026-11-30",
            "status": "draft",
            "confirm": "1",
        },
    )
    assert "新建稿件 6 篇" in confirmed.content.decode()
    assert Article.objects.count() == 6


@pytestmark_db
@pytest.mark.parametrize("is_column", [True, False])
def test_the_import_screen_previews_a_story_in_a_column_the_paper_has(
    client, is_column
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import roles

    SectionFactory(name="法律顾问", slug="falv", is_column=is_column)
    client.force_login(UserFactory(role=roles.EDITOR))
    upload = SimpleUploadedFile("page.txt", PAGE_3.read_bytes(), "text/plain")
    preview = client.post(
        reverse("admin:articles_article_import"),
        {"file": upload, "date": "2027-01-02", "status": "draft"},
    )
    columns = [s.headline for s in preview.context["parsed"].stories if s.column]
    assert columns == (["试用期被辞退怎么办"] if is_column else [])
    assert ("专栏文章" in preview.content.decode()) is is_column


@pytestmark_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "请选择要导入的版面文字文件"),
        (b"\x00\x01\x02binary", "不是文本文件"),
        (b"\xff\xfe\xfa\xfb\xc0", "无法识别文件编码"),
    ],
)
def test_bad_uploads_are_refused_in_chinese(client, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import roles

    client.force_login(UserFactory(role=roles.EDITOR))
    data = {"status": "draft"}
    if content:
        data["file"] = SimpleUploadedFile("x.txt", content, "text/plain")
    response = client.post(reverse("admin:articles_article_import"), data)
    assert message in response.content.decode()
    assert not Article.objects.exists()


@pytestmark_db
def test_importing_needs_the_right_to_add_stories(client):
    client.force_login(UserFactory())  # staff, no role
    assert client.get(reverse("admin:articles_article_import")).status_code == 403


@pytestmark_db
def test_the_import_screens_date_has_the_admin_calendar(client):
    from accounts import roles

    client.force_login(UserFactory(role=roles.EDITOR))
    page = client.get(reverse("admin:articles_article_import")).content.decode()
    date_input = re.search(r'<input[^>]*name="date"[^>]*>', page)[0]
    assert 'class="vDateField"' in date_input
    scripts = re.findall(r'<script src="([^"]+)"', page)
    for needed in (
        reverse("admin:jsi18n"),
        "admin/js/core.js",
        "admin/js/calendar.js",
        "admin/js/admin/DateTimeShortcuts.js",
    ):
        assert any(needed in src for src in scripts), needed


@pytestmark_db
def test_a_bad_print_date_is_refused_in_chinese_and_keeps_what_was_typed(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import roles

    client.force_login(UserFactory(role=roles.EDITOR))
    upload = SimpleUploadedFile("page.txt", PAGE_2.read_bytes(), "text/plain")
    response = client.post(
        reverse("admin:articles_article_import"),
        {"file": upload, "date": "2026/13/40", "page": "2", "status": "draft"},
    )
    page = response.content.decode()
    assert "输入一个有效的日期" in page
    assert 'value="2026/13/40"' in page and 'value="2"' in page
    assert not Article.objects.exists()
