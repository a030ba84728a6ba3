"""The forms papers print, each on a page we wrote ourselves (invented names,
a fictional city): briefs and their sources, column runs, 本报讯 credits,
trailing and run-on bylines, photo credits, 又讯, 编者按 and 链接, page
headers, a photo page, text cut from a PDF's columns, and how bare names are
judged. Pure parsing: no database."""

from datetime import date

import pytest

from articles.importer import looks_like_person, parse_byline, parse_page, split_names


def people(story):
    return [(b.name, b.role) for b in story.bylines]


def credits(story):
    return [(b.name, b.role, b.printed_role) for b in story.bylines]


def blocks(page):
    return [(s.kind, s.column, s.kicker, s.headline, s.subtitle) for s in page.stories]


# ------------------------------------------------------------------ briefs

MARKED_BRIEFS = """
职工简讯
△江城市总工会日前为一线职工送去冬衣五百件。(许文静)
■青山镇总工会开展职工读书月活动，参与职工逾千人。
（宋雨桐　王海涛）
●东湖区职工服务中心新开设法律咨询窗口。 (韩立)
◆江城市职工书屋联盟成立。
"""


def test_marked_briefs_under_a_column_heading_each_get_their_source():
    page = parse_page(MARKED_BRIEFS)
    assert [(s.kind, s.column, s.headline) for s in page.stories] == [
        ("brief", "职工简讯", "")
    ] * 4
    assert [people(s) for s in page.stories] == [
        [("许文静", None)],
        [("宋雨桐", None), ("王海涛", None)],
        [("韩立", None)],
        [],
    ]
    # The marker and the source leave the text.
    assert page.stories[0].paragraphs == ["江城市总工会日前为一线职工送去冬衣五百件。"]
    assert page.stories[1].paragraphs == [
        "青山镇总工会开展职工读书月活动，参与职工逾千人。"
    ]
    assert "没有找到署名" in " ".join(page.stories[3].notes)


def test_numbered_briefs_need_a_column_heading():
    page = parse_page(
        "工会快讯\n1.江城市总工会送去冬衣五百件。(许文静)\n"
        "2、青山镇开展读书月活动。（宋雨桐）\n"
    )
    assert [(s.column, people(s)) for s in page.stories] == [
        ("工会快讯", [("许文静", None)]),
        ("工会快讯", [("宋雨桐", None)]),
    ]
    # Without one, a paragraph opening with a number is text.
    (story,) = parse_page(
        "江城开展安全月活动\n\n1.各单位自查隐患。\n\n记者 林晓峰"
    ).stories
    assert story.paragraphs == ["1.各单位自查隐患。"]


def test_a_known_column_puts_a_run_of_headlined_items_under_it_until_a_different_item():
    page = parse_page(
        "一周要事\n\n江城新增服务站十个\n\n近日，江城新增服务站十个。(许文静)\n\n"
        "青山镇书屋开放\n\n青山镇职工书屋昨日开放。(韩立)\n\n"
        "日前，东湖区开通热线。\n\n通讯员 王海涛\n",
        columns=("一周要事",),
    )
    assert [(s.kind, s.column, s.headline) for s in page.stories] == [
        ("column", "一周要事", "江城新增服务站十个"),
        ("column", "一周要事", "青山镇书屋开放"),
        ("brief", None, ""),  # a brief after headlined items is not in the run
    ]


# -------------------------------------------------------- leading credits


@pytest.mark.parametrize(
    "paragraph",
    [
        "本报讯（记者 林晓峰 苏文杰 通讯员 许文静）1月1日，江城召开会议。",
        "本报讯(记者林晓峰 苏文杰 通讯员许文静) 1月1日，江城召开会议。",
        "本报讯 （记者　林晓峰　苏文杰　通讯员　许文静）　1月1日，江城召开会议。",
        "本报1月1日讯（记者 林晓峰 苏文杰 通讯员 许文静）1月1日，江城召开会议。",
        "本报讯 记者林晓峰 苏文杰 通讯员许文静报道 1月1日，江城召开会议。",
    ],
)
def test_a_role_word_governs_every_name_after_it(paragraph):
    (story,) = parse_page(
        "江城召开会议\n\n" + paragraph, page_date=date(2027, 1, 2)
    ).stories
    assert people(story) == [
        ("林晓峰", "记者"),
        ("苏文杰", "记者"),
        ("许文静", "通讯员"),
    ]
    assert story.paragraphs == ["1月1日，江城召开会议。"]
    assert story.dateline == "2027-01-01"


def test_a_bare_name_in_the_datelines_brackets_is_a_byline_without_a_role():
    (story,) = parse_page(
        "江城召开会议\n\n本报讯  (顾明远)1月1日，江城召开会议。"
    ).stories
    assert people(story) == [("顾明远", None)]


def test_a_byline_on_its_own_line_before_the_text():
    page = parse_page(
        "走进青山镇\n——记一位乡村职工书屋管理员\n本报记者 林晓峰\n"
        "青山镇职工书屋每天开到晚上九点。\n"
    )
    (story,) = page.stories
    assert (story.headline, story.subtitle) == (
        "走进青山镇",
        "记一位乡村职工书屋管理员",
    )
    assert people(story) == [("林晓峰", "记者")]
    assert story.paragraphs == ["青山镇职工书屋每天开到晚上九点。"]


def test_a_person_named_under_the_headline_is_not_a_byline():
    page = parse_page(
        "书香满江城\n  青山出版社社长 顾明远\n  □晚报记者 苏文杰\n"
        "“读书是一件快乐的事。”顾明远说。\n"
    )
    (story,) = page.stories
    assert (story.headline, story.subtitle) == ("书香满江城", "青山出版社社长 顾明远")
    assert people(story) == [("苏文杰", "记者")]


# ------------------------------------------------------- trailing credits


def test_trailing_bylines_with_a_role_word_or_bare_names_only():
    page = parse_page(
        "青山镇举行迎新长跑\n\n1月1日，青山镇职工迎新长跑举行。\n\n宋雨桐 王海涛\n\n"
        "东湖区新建书屋\n\n近日，东湖区新建职工书屋十家。\n\n(周 健 欧阳雪 曹 莉)\n\n"
        "江城新增服务站\n\n1月2日，江城新增服务站。\n\n记者 林晓峰\n"
    )
    assert [people(s) for s in page.stories] == [
        [("宋雨桐", None), ("王海涛", None)],
        # names padded to the width of three characters are read whole
        [("周健", None), ("欧阳雪", None), ("曹莉", None)],
        [("林晓峰", "记者")],
    ]


def test_names_glued_to_the_end_of_the_last_sentence():
    page = parse_page(
        "东湖区新建书屋\n\n近日，东湖区新建职工书屋十家。顾明远\n\n"
        "青山镇路灯全部换新\n\n青山镇主干道路灯全部换新。建民韩立23\n"
    )
    assert [people(s) for s in page.stories] == [
        [("顾明远", None)],
        [("建民", None), ("韩立", None)],  # the editor's code 23 is dropped
    ]
    assert page.stories[0].paragraphs == ["近日，东湖区新建职工书屋十家。"]
    # 建民 alone does not look like a full name: the editor is asked.
    notes = " ".join(page.stories[1].notes)
    assert "“建民”不像完整的姓名" in notes
    # Dividing names printed without a space is an inference: it is said.
    assert "署名“建民韩立”中间没有空格，按姓氏拆为建民、韩立" in notes


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("文/摄 林晓峰", [("林晓峰", "文/摄", None)]),
        ("林晓峰 文摄", [("林晓峰", "文/摄", None)]),
        ("图/文 林晓峰", [("林晓峰", "文/摄", None)]),
        ("□记者 林晓峰 文/图", [("林晓峰", "文/摄", "记者")]),
        ("林晓峰 摄", [("林晓峰", "摄", None)]),
        ("本报记者 林晓峰 摄", [("林晓峰", "摄", "记者")]),
        (
            "本报记者 林晓峰 本报通讯员 许文静 摄",
            [("林晓峰", "摄", "记者"), ("许文静", "摄", "通讯员")],
        ),
        ("苏文杰摄影报道", [("苏文杰", "摄", None)]),
    ],
)
def test_photo_credits_keep_the_role_word_printed_before_the_name(line, expected):
    bylines = parse_byline(line)
    assert [(b.name, b.role, b.printed_role) for b in bylines] == expected


def test_a_picture_credited_to_the_papers_files_names_no_person():
    page = parse_page(
        "江城老城区改造完成\n近日，江城老城区改造工程全面完工。 本报资料图\n"
    )
    (story,) = page.stories
    assert story.bylines == [] and story.sources == ["本报资料图"]
    assert story.paragraphs == ["近日，江城老城区改造工程全面完工。"]


# ------------------------------------------------------- inside a story


def test_also_reported_items_stay_in_the_story_with_their_credits():
    (story,) = parse_page(
        "江城召开工会工作会议\n\n本报讯（记者 林晓峰）江城市总工会今天召开会议。\n\n"
        "又讯(记者 韩立)当天下午，与会代表参观了职工服务中心。\n"
    ).stories
    assert people(story) == [("林晓峰", "记者"), ("韩立", "记者")]
    assert story.paragraphs == [
        "江城市总工会今天召开会议。",
        "又讯 当天下午，与会代表参观了职工服务中心。",
    ]


def test_an_editors_note_and_a_link_box_stay_in_the_body_marked():
    page = parse_page(
        "新春走基层\n\n编者按\n\n岁末年初，本报记者走进一线。\n\n"
        "青山镇的守夜人\n\n编者按 他在青山镇守了二十年夜。\n\n"
        "凌晨两点，他又出门了。\n\n链接\n\n青山镇共有守夜人十二名。\n\n记者 苏文杰\n"
    )
    assert [(s.headline, s.subtitle) for s in page.stories] == [
        ("新春走基层", ""),
        ("青山镇的守夜人", ""),
    ]
    assert page.stories[0].paragraphs == ["【编者按】岁末年初，本报记者走进一线。"]
    assert page.stories[1].paragraphs == [
        "【编者按】他在青山镇守了二十年夜。",
        "凌晨两点，他又出门了。",
        "【链接】青山镇共有守夜人十二名。",
    ]
    assert "编者按保留在正文中" in " ".join(page.stories[1].notes)


# ------------------------------------------------------------ the page


HEADERS = """
江城工人报
江城工人报 2027年1月2日 星期六
第1024期
第3版:工会新闻
本版导读
本版编辑:程雅琴
江城新增服务站十个
《江城工人报》(2027年01月02日 03版)
1月1日，江城新增服务站十个。
记者 林晓峰
本文字数:560
责编:邵明
"""


def test_page_header_lines_fill_the_print_fields_and_are_never_headlines():
    page = parse_page(HEADERS)
    (story,) = page.stories
    assert (story.kicker, story.headline, story.subtitle) == (
        "",
        "江城新增服务站十个",
        "",
    )
    assert page.print == {
        "newspaper": "江城工人报",
        "date": "2027年1月2日",
        "issue": "1024",
        "page_no": "3",
        "page_name": "工会新闻",
        "editor": "程雅琴",
    }
    assert len(page.skipped) == 9


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("00003版:工会新闻", {"page_no": "3", "page_name": "工会新闻"}),
        ("第5版(文化副刊)", {"page_no": "5", "page_name": "文化副刊"}),
        ("108 期 / 第2版:2", {"issue": "108", "page_no": "2"}),
        ("本期共8版, 当前第3版", {"page_no": "3"}),
        ("当前版: B02版", {"page_no": "B02"}),
        ("出版日期:2027年01月02日", {"date": "2027年01月02日"}),
        ("03", {"page_no": "3"}),
    ],
)
def test_header_forms(line, fields):
    page = parse_page(f"{line}\n江城新增服务站\n1月1日，江城新增服务站。\n记者 韩立")
    assert page.print == fields
    assert page.stories[0].headline == "江城新增服务站"


PHOTO_PAGE = """
图片新闻

江城冬日

编者按 寒潮来袭，江城的职工坚守岗位。

清晨六点，环卫工人在滨江路清扫积雪。
本报记者 林晓峰 摄

青山镇供电所员工在巡检线路。
通讯员 许文静 摄

东湖区快递员在分拣包裹。
苏文杰 摄

江城老城区改造完成

近日，江城老城区改造工程全面完工。

记者 韩立
"""


def test_a_photo_page_is_one_photo_story_whose_captions_keep_their_credits():
    page = parse_page(PHOTO_PAGE)
    photo, story = page.stories
    assert (photo.kind, photo.column, photo.headline) == (
        "photo",
        "图片新闻",
        "江城冬日",
    )
    assert credits(photo) == [
        ("林晓峰", "摄", "记者"),
        ("许文静", "摄", "通讯员"),
        ("苏文杰", "摄", None),
    ]
    assert photo.paragraphs == [
        "【编者按】寒潮来袭，江城的职工坚守岗位。",
        "清晨六点，环卫工人在滨江路清扫积雪。（本报记者 林晓峰 摄）",
        "青山镇供电所员工在巡检线路。（通讯员 许文静 摄）",
        "东湖区快递员在分拣包裹。（苏文杰 摄）",
    ]
    assert (story.column, story.headline, people(story)) == (
        None,
        "江城老城区改造完成",
        [("韩立", "记者")],
    )


PDF_CUT = """
第2版:要闻

江城召开职工代表大会

本报讯 (记者 林晓峰 通讯员 许
文静) 1月1日,江城市总工会召开第
十届职工代表大会,审议通过了工会
工作报告和经费审查报告,选举产生
了新一届委员会。会议号召全市职工
在新的一年里再立新功。
大会期间,代表们分组讨论了职工疗
休养、技能培训等议题,提出意见建
议一百余条,大会秘书处将逐条梳理
后转交有关部门办理。
(大会决议全文详见本报第3版)
"""


def test_a_page_cut_from_a_pdf_joins_lines_at_its_column_width():
    page = parse_page(PDF_CUT)
    (story,) = page.stories
    assert story.headline == "江城召开职工代表大会"
    assert people(story) == [("林晓峰", "记者"), ("许文静", "通讯员")]
    assert [p[:5] for p in story.paragraphs] == ["1月1日,", "大会期间,", "(大会决议"]
    assert story.paragraphs[-1] == "(大会决议全文详见本报第3版)"


# ------------------------------------------------------- judging names


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("林晓峰", True),
        ("韩立", True),
        ("欧阳雪", True),
        ("司马文华", True),
        ("阿依古丽·买买提", True),
        ("建民", False),  # a given name alone
        ("新增服务站", False),
        ("江城", True),  # 江 is a surname: context decides, see below
    ],
)
def test_names_that_look_like_a_persons(name, person):
    assert looks_like_person(name) is person


def test_names_printed_without_a_space_are_divided_where_the_surnames_fall():
    assert split_names("林晓峰韩立") == ["林晓峰", "韩立"]
    assert split_names("建民韩立") == ["建民", "韩立"]
    assert split_names("欧阳雪") == ["欧阳雪"]


def test_bare_words_that_are_no_ones_name_are_not_a_byline():
    assert parse_byline("宋雨桐 王海涛") is not None
    assert parse_byline("江城 新增 服务站") is None
    assert parse_byline("建民") is None  # only inside a source's brackets
    assert [(b.name, b.sure) for b in parse_byline("建民", bracketed=True)] == [
        ("建民", False)
    ]


def test_a_headline_line_is_never_read_as_a_byline():
    page = parse_page(
        "江城召开会议\n\n本报讯（记者 林晓峰）江城今天召开会议。\n\n"
        "王家庄\n\n近日，王家庄村新建文化礼堂。\n\n记者 韩立\n\n"
        "江城\n——一座城的四十年\n\n江城建市四十年了。\n\n苏文杰\n"
    )
    assert [(s.headline, people(s)) for s in page.stories] == [
        ("江城召开会议", [("林晓峰", "记者")]),
        ("王家庄", [("韩立", "记者")]),  # a name-like headline over its text
        ("江城", [("苏文杰", None)]),
    ]
    # A headline-like line between stories never becomes an organisation.
    page = parse_page(
        "日前，青山镇开通热线。\n\n青山镇职工服务中心\n\n近日，中心开放。"
    )
    assert [(s.headline, s.bylines) for s in page.stories] == [
        ("", []),
        ("青山镇职工服务中心", []),
    ]


def test_a_known_name_is_read_even_when_it_looks_like_no_full_name():
    text = "江城新增服务站\n\n1月2日，江城新增服务站。\n\n晓峰\n\n下一篇\n\n正文。"
    assert parse_page(text).stories[0].bylines == []
    page = parse_page(text, known_names={"晓峰"})
    assert people(page.stories[0]) == [("晓峰", None)]


def test_a_word_where_a_byline_would_stand_that_is_no_name_is_flagged_not_read():
    page = parse_page(
        "江城新增服务站\n\n1月2日，江城新增服务站十个。\n\n建民\n\n责编:邵明\n"
    )
    (story,) = page.stories
    assert story.bylines == []
    assert "文末的“建民”也许是署名" in " ".join(story.notes)
    assert ("建民", "疑似署名，未采用") in [(s.text, s.reason) for s in page.skipped]


def test_after_a_role_word_words_that_are_not_names_make_no_byline():
    assert parse_byline("通讯员张三的一天") is None
    assert [(b.name, b.role) for b in parse_byline("记者林晓峰韩立")] == [
        ("林晓峰", "记者"),
        ("韩立", "记者"),
    ]


PDF_CUT_TIGHT = """
江城职工技能大赛闭幕
三百名选手同台竞技比拼焊接与数控技能
本报讯 (记者 林晓峰) 1月1日,为期
三天的江城职工技能大赛闭幕。大赛
设焊工、数控车工等六个“技能擂台”
项目,三百名选手参赛,二十人获得
“江城技术能手”称号。
大赛由市总工会和市人社局共同主办,
已连续举办十届,累计培养技术骨干
两千余名,成为江城职工的“练兵场”
和技能人才的“蓄水池”。
"""


def test_a_pdf_cut_keeps_its_headline_lines_and_joins_across_a_closing_quote():
    (story,) = parse_page(PDF_CUT_TIGHT).stories
    assert (story.kicker, story.headline, story.subtitle) == (
        "",
        "江城职工技能大赛闭幕",
        "三百名选手同台竞技比拼焊接与数控技能",
    )
    assert people(story) == [("林晓峰", "记者")]
    assert len(story.paragraphs) == 2
    assert "六个“技能擂台”项目," in story.paragraphs[0]  # joined after the quote
    assert story.paragraphs[1].endswith("技能人才的“蓄水池”。")


def test_any_short_heading_over_marked_briefs_is_their_column():
    page = parse_page(
        "青山走笔\n▲青山镇新建篮球场十块。(韩立)\n▲东湖区开通热线。(许文静)"
    )
    assert [(s.column, people(s)) for s in page.stories] == [
        ("青山走笔", [("韩立", None)]),
        ("青山走笔", [("许文静", None)]),
    ]
