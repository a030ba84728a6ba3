"""Importing print pages: splitting stories, repairing column breaks, reading
bylines and datelines, matching people, idempotency, the command and the
admin screen."""

import json
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

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "samples"
    / ("changzhou-workers-daily-page.txt")
)


def people(story):
    return [(b.name, b.role, b.kind) for b in story.bylines]


# ------------------------------------------------------------ the sample page


def test_the_sample_page_yields_the_stories_a_reader_sees():
    page = parse_page(SAMPLE.read_text(encoding="utf-8"), page_date=date(2022, 11, 30))
    got = [
        (
            s.kind,
            s.kicker,
            s.headline,
            s.subtitle,
            people(s),
            s.paragraphs[0][:8],
            len(s.paragraphs),
        )
        for s in page.stories
    ]
    wu = ("吴文龙", "记者", "person")
    assert got == [
        (
            "story",
            "",
            "常州:在新的赶考之路上交出职工满意的工会答卷",
            "",
            [wu],
            "11月23日,常",
            6,
        ),
        (
            "story",
            "",
            "直溪“光采小镇”推动光伏产业发展",
            "",
            [("陆赛", "通讯员", "person"), wu],
            "近日,以光伏新能",
            4,
        ),
        (
            "story",
            "推出“十全”服务 优化人才环境",
            "武进区打造全国青年创新创业最向往福地",
            "",
            [
                ("徐梦超", "通讯员", "person"),
                ("宋伟凡", "通讯员", "person"),
                ("胡国伟", "通讯员", "person"),
                wu,
            ],
            "“在成功申报‘龙",
            6,
        ),
        (
            "photo",
            "",
            "",
            "",
            [("吴文龙", "摄", "person"), ("周翔", "摄", "person")],
            "11月27日,常",
            1,
        ),
        (
            "story",
            "",
            "常州市总命名10家工会爱心托管班",
            "",
            [("常女工", None, "organisation")],
            "为鼓励和支持各级",
            2,
        ),
        (
            "story",
            "",
            "“红心暖驿”劳动者驿站启用",
            "",
            [("王欢", "通讯员", "person"), wu],
            "近日,溧阳万达广",
            3,
        ),
    ]
    first = page.stories[0]
    # The paragraph cut at the column end is whole again.
    assert "要秉持以人民为中心的发展思想,践行" in first.body
    assert "要敢破敢立、善作善成" in first.body
    assert "今年暑假期间,常州市总工会部署" in page.stories[4].body
    assert "资金短缺的问题。" in page.stories[2].body
    assert page.stories[3].paragraphs[0].endswith("张燕琴荣获现场笔试一等奖。")
    assert first.dateline == "2022-11-23" and page.stories[3].dateline == "2022-11-27"
    skipped = [(s.text, s.reason) for s in page.skipped]
    assert skipped == [
        ("工会宣传舆论阵地 服务职工群众平台", "版面文字"),
        ("2023年度《江苏工人报》开始订阅啦!", "订阅与广告"),
        ("- 主席论坛", "栏目索引"),
        ("- 工报关注", "栏目索引"),
        ("- 维权课堂", "栏目索引"),
        ("- 安康驿站", "栏目索引"),
        ("- 班组园地", "栏目索引"),
        ("国内统一刊号: CN32-0003", "报刊信息"),
        ("全年订价216元", "订阅与广告"),
        ("邮发代号27-45", "报刊信息"),
        ("订阅热线: 025-83279185", "订阅与广告"),
        ("抖音", "新媒体标识"),
        ("微博", "新媒体标识"),
        ("微信", "新媒体标识"),
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
            "推出“十全”服务 优化人才环境 武进区打造全国青年创新创业最向往福地",
            ("推出“十全”服务 优化人才环境", "武进区打造全国青年创新创业最向往福地", ""),
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
            "通讯员 徐梦超 宋伟凡 胡国伟 记者 吴文龙",
            [
                ("徐梦超", "通讯员", "person"),
                ("宋伟凡", "通讯员", "person"),
                ("胡国伟", "通讯员", "person"),
                ("吴文龙", "记者", "person"),
            ],
        ),
        (
            "通讯员\u3000徐梦超\u3000记者\u3000吴文龙",
            [("徐梦超", "通讯员", "person"), ("吴文龙", "记者", "person")],
        ),
        ("记者 吴文龙", [("吴文龙", "记者", "person")]),
        ("本报记者 吴文龙", [("吴文龙", "记者", "person")]),
        ("本报记者吴文龙", [("吴文龙", "记者", "person")]),
        ("吴文龙 周翔 摄", [("吴文龙", "摄", "person"), ("周翔", "摄", "person")]),
        ("本报记者 吴文龙 摄", [("吴文龙", "摄", "person")]),
        ("文/摄 张三", [("张三", "文/摄", "person")]),
        ("张三 文/摄", [("张三", "文/摄", "person")]),
        ("文摄 张三", [("张三", "文/摄", "person")]),
        ("特约撰稿 顾明", [("顾明", "特约", "person")]),
        ("常女工", [("常女工", None, "organisation")]),
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
    existing = CorrespondentFactory(name="吴文龙", kind="staff")
    CorrespondentFactory(name="陆赛")
    CorrespondentFactory(name="陆赛")  # two people share this name
    out = StringIO()
    call_command(
        "import_page", str(SAMPLE), "--date", "2022-11-30", "--page", "2", stdout=out
    )
    report = out.getvalue()
    assert "新建稿件 6 篇，已存在 0 篇，跳过 14 段" in report
    assert "“陆赛”有 2 位同名署名人" in report
    assert "原稿没有标题，暂用正文开头作标题" in report  # the photo news
    articles = Article.objects.order_by("pk")
    assert articles.count() == 6
    assert all(a.status == "draft" and a.print_page == 2 for a in articles)
    assert articles[0].credits.get().correspondent == existing  # one record: reused
    assert articles[2].byline() == "通讯员 徐梦超 宋伟凡 胡国伟 记者 吴文龙"
    assert articles[3].byline() == "吴文龙 周翔 摄" and articles[3].kind == "photo"
    assert articles[4].byline() == "常女工"
    assert Correspondent.objects.get(name="常女工").kind == "organisation"
    assert Correspondent.objects.get(name="徐梦超").kind == "correspondent"
    assert Correspondent.objects.get(name="周翔").kind == "photographer"
    assert "<p>11月23日,常州市总工会" in articles[0].body
    people_before = Correspondent.objects.count()

    again = StringIO()
    call_command(
        "import_page", str(SAMPLE), "--date", "2022-11-30", "--page", "2", stdout=again
    )
    assert "新建稿件 0 篇，已存在 6 篇" in again.getvalue()
    assert Article.objects.count() == 6
    assert Correspondent.objects.count() == people_before


@pytestmark_db
def test_dry_run_json_prints_the_page_and_touches_nothing():
    out = StringIO()
    call_command(
        "import_page",
        str(SAMPLE),
        "--dry-run",
        "--json",
        "--date",
        "2022-11-30",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert set(data) == {"stories", "skipped"}
    assert len(data["stories"]) == 6
    story = data["stories"][2]
    assert {
        key: story[key] for key in ("kind", "kicker", "headline", "subtitle", "column")
    } == {
        "kind": "story",
        "kicker": "推出“十全”服务 优化人才环境",
        "headline": "武进区打造全国青年创新创业最向往福地",
        "subtitle": "",
        "column": None,
    }
    assert story["bylines"][-1] == {"name": "吴文龙", "role": "记者", "kind": "person"}
    assert story["body"].startswith("“在成功申报")
    assert data["stories"][4]["bylines"] == [
        {"name": "常女工", "role": None, "kind": "organisation"}
    ]
    assert not Article.objects.exists() and not Correspondent.objects.exists()


@pytestmark_db
def test_import_into_a_section_and_submit_for_review():
    from accounts import roles

    section = SectionFactory(slug="bendi")
    user = UserFactory(username="importer", role=roles.REPORTER)
    call_command(
        "import_page",
        str(SAMPLE),
        "--section",
        "bendi",
        "--status",
        "submitted",
        "--user",
        "importer",
        stdout=StringIO(),
    )
    assert set(Article.objects.values_list("status", "stage", "section")) == {
        ("submitted", 1, section.pk)
    }
    assert Article.objects.first().created_by == user


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
    upload = SimpleUploadedFile("page.txt", SAMPLE.read_bytes(), "text/plain")
    preview = client.post(
        url, {"file": upload, "date": "2022-11-30", "status": "draft"}
    )
    page = preview.content.decode()
    assert "将新建 6 篇稿件" in page and "武进区打造全国青年创新创业最向往福地" in page
    assert "栏目索引" in page
    assert not Article.objects.exists()
    form = preview.context["form"]
    confirmed = client.post(
        url,
        {
            "text": form.initial["text"],
            "date": "2022-11-30",
            "status": "draft",
            "confirm": "1",
        },
    )
    assert "新建稿件 6 篇" in confirmed.content.decode()
    assert Article.objects.count() == 6


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
