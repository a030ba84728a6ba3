"""`manage.py eval_import`: scoring the importer's split against a split made
by hand, on a tiny invented corpus in tests/data/eval_corpus (same format as
../shared/pages)."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importer import Byline, ParsedStory
from articles.importer.evaluate import problems
from articles.management.commands.eval_import import Command

CORPUS = Path(__file__).resolve().parent / "data" / "eval_corpus"


def evaluate(*args):
    out = StringIO()
    call_command("eval_import", *map(str, args), stdout=out)
    return out.getvalue()


def evaluate_json(*args):
    return json.loads(evaluate(*args, "--json"))


def run(argv, capsys):
    """The command as `manage.py` runs it: the exit code and what it printed."""
    try:
        Command().run_from_argv(["manage.py", "eval_import", *map(str, argv)])
    except SystemExit as exit:
        code = exit.code
    else:
        code = 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def results(report):
    return {
        page["file"]: [story["result"] for story in page["stories"]]
        for page in report["pages"]
    }


# ---------------------------------------------------------------- scoring


def test_the_corpus_is_scored_story_by_story():
    report = evaluate_json(CORPUS, "--no-sample")
    assert results(report) == {
        "01_jiangchenggongrenbao_zhaopinhui.txt": ["right", "wrong"],
        "02_qingshanribao_jianxun.txt": ["right", "missing", "right"],
    }
    total = report["total"]
    assert {key: total[key] for key in ("pages", "expected", "right", "share")} == {
        "pages": 2,
        "expected": 5,
        "right": 3,
        "share": 0.6,
    }
    assert (total["missing"], total["extra"]) == (1, 1)
    assert [
        (paper["newspaper"], paper["expected"], paper["right"], paper["share"])
        for paper in report["papers"]
    ] == [("江城工人报", 2, 1, 0.5), ("青山日报", 3, 2, 0.6667)]
    assert report["sample"] is None


def test_a_wrong_byline_keeps_a_story_from_counting():
    report = evaluate_json(CORPUS, "--no-sample")
    story = report["pages"][0]["stories"][1]
    assert story["result"] == "wrong" and story["wrong"] == ["bylines"]
    assert story["got"]["bylines"] == [
        {"name": "韩立", "role": "记者", "kind": "person"}
    ]
    assert report["total"]["wrong"] == {
        "headline": 0,
        "column": 0,
        "bylines": 1,
        "photos": 0,
        "not_bylines": 0,
    }


def test_a_story_nobody_expected_is_extra_and_an_unprinted_one_is_missing():
    report = evaluate_json(CORPUS, "--no-sample")
    page = report["pages"][1]
    assert (page["extra"], page["missing"]) == (1, 1)
    assert [(e["headline"], e["bylines"]) for e in page["extras"]] == [
        ("", [{"name": "王海涛", "role": "通讯员", "kind": "person"}])
    ]
    assert page["extras"][0]["body_starts"] == "东湖区总工会近日为三百名"


def test_the_table_prints_each_paper_and_the_total():
    out = evaluate(CORPUS, "--no-sample")
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line}
    # 版面, 应有稿件, 完全正确, 比例, 缺少, 多出, 跳过行
    assert rows["江城工人报"] == ["1", "2", "1", "50.0%", "0", "0", "1/1"]
    assert rows["青山日报"] == ["1", "3", "2", "66.7%", "1", "1", "0/0"]
    assert rows["合计"] == ["2", "5", "3", "60.0%", "1", "1", "1/1"]
    assert "署名 1" in out


def test_details_name_every_story_that_is_not_right():
    out = evaluate(CORPUS, "--no-sample", "--details")
    assert "不对（署名）：《青山镇职工书屋添新书》" in out
    assert "缺少：《青山镇举办迎新长跑》" in out
    assert "多出：［简讯］（无标题） —— 通讯员王海涛" in out
    assert "稳就业" not in out.split("== ")[1]  # the right story is not listed


def story(**fields):
    bylines = fields.pop("bylines", [Byline("林晓峰", "记者", "person")])
    return ParsedStory(bylines=bylines, paragraphs=["正文。"], **fields)


EXPECTED = {
    "kicker": "稳就业 促增收",
    "headline": "江城举办新春大型招聘会",
    "subtitle": "——三百余家企业提供岗位八千余个",
    "lead_starts": "正文",
    "bylines": [{"name": "林晓峰", "role": "记者"}],
}
BLOCK = {
    "kicker": "稳就业 促增收",
    "headline": "江城举办新春大型招聘会",
    "subtitle": "三百余家企业提供岗位八千余个",
}


@pytest.mark.parametrize(
    ("expected", "parsed", "wrong"),
    [
        ({}, story(**BLOCK), []),
        ({}, story(**{**BLOCK, "kicker": "稳就业促增收"}), []),  # spaces do not count
        ({}, story(**{**BLOCK, "kicker": ""}), ["headline"]),
        ({}, story(**{**BLOCK, "subtitle": ""}), ["headline"]),
        ({}, story(**BLOCK, column="简讯"), ["column"]),
        ({"column": "简讯"}, story(**BLOCK), ["column"]),
        (
            {
                "alt_reading": {
                    "kicker": None,
                    "headline": "稳就业 促增收",
                    "subtitle": "江城举办新春大型招聘会",
                }
            },
            story(headline="稳就业 促增收", subtitle="江城举办新春大型招聘会"),
            [],
        ),
        (
            {"alt_reading": {"kicker": None, "headline": None, "column": "简讯"}},
            story(subtitle=BLOCK["subtitle"], column="简讯"),
            [],
        ),
        ({}, story(**BLOCK, bylines=[Byline("林晓峰", None, "person")]), ["bylines"]),
        ({}, story(**BLOCK, bylines=[Byline("林晓锋", "记者", "person")]), ["bylines"]),
        ({}, story(**BLOCK, bylines=[]), ["bylines"]),
        (
            {
                "bylines": [
                    {"name": "林晓峰", "role": "记者", "printed_role": "本报记者"}
                ]
            },
            story(**BLOCK),
            ["bylines"],
        ),
        (
            {"bylines": [{"name": "江女工", "role": None, "kind": "organisation"}]},
            story(**BLOCK, bylines=[Byline("江女工", None, "organisation")]),
            [],
        ),
        (
            {"bylines": [{"name": "江女工", "role": None, "kind": "organisation"}]},
            story(**BLOCK, bylines=[Byline("江女工", None, "person")]),
            ["bylines"],
        ),
        (
            {
                "bylines": [
                    {"name": "许文静", "role": "通讯员"},
                    {"name": "林晓峰", "role": "记者"},
                ]
            },
            story(
                **BLOCK,
                bylines=[
                    Byline("林晓峰", "记者", "person"),
                    Byline("许文静", "通讯员", "person"),
                ],
            ),
            ["bylines"],  # the order is the paper's
        ),
        (
            {
                "photos": [
                    {
                        "caption_starts": "正文",
                        "credits": [{"name": "苏文杰", "role": "摄影"}],
                    }
                ]
            },
            story(
                **BLOCK,
                bylines=[
                    Byline("林晓峰", "记者", "person"),
                    Byline("苏文杰", "摄", "person"),
                ],
            ),
            [],
        ),
        (
            {"photos": [{"credits": [{"name": "苏文杰", "role": "摄影"}]}]},
            story(**BLOCK),
            ["photos"],
        ),
        (
            {
                "bylines": [{"name": "林晓峰", "role": "文摄"}],
            },
            story(**BLOCK, bylines=[Byline("林晓峰", "文/摄", "person")]),
            [],
        ),
        (
            {"not_bylines": [{"name": "顾明远", "role": None}]},
            story(
                **BLOCK,
                bylines=[
                    Byline("林晓峰", "记者", "person"),
                    Byline("顾明远", None, "person"),
                ],
            ),
            ["bylines", "not_bylines"],
        ),
    ],
)
def test_exactly_right_means_every_field(expected, parsed, wrong):
    assert problems({**EXPECTED, **expected}, parsed) == wrong


# ------------------------------------------------------------- the sample


def test_the_sample_gets_its_own_line(tmp_path):
    described = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    sample = tmp_path / "sample.json"
    sample.write_text(json.dumps(described[:1], ensure_ascii=False), encoding="utf-8")
    out = evaluate(CORPUS, "--samples", CORPUS, "--sample-expected", sample)
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line}
    assert rows["样张（江城工人报）"] == ["1", "2", "1", "50.0%", "0", "0", "1/1"]
    assert rows["合计"][:3] == ["2", "5", "3"]  # the sample is not in the corpus total
    report = evaluate_json(CORPUS, "--samples", CORPUS, "--sample-expected", sample)
    assert report["sample"]["total"]["right"] == 1


def test_a_sample_page_that_is_not_here_is_skipped_in_one_line(tmp_path):
    out = evaluate(CORPUS, "--samples", tmp_path)
    assert (
        f"样张：找不到 {tmp_path / 'changzhou-workers-daily-page.txt'}，跳过。" in out
    )
    assert "样张（" not in out


# ------------------------------------------------------ exit codes and errors


def test_a_low_score_still_exits_zero(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    described = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    for page in described:
        for expected in page["stories"]:
            expected["bylines"] = [{"name": "无此人", "role": "记者"}]
    (corpus / "expected.json").write_text(
        json.dumps(described, ensure_ascii=False), encoding="utf-8"
    )
    code, out, err = run([corpus, "--no-sample"], capsys)
    assert (code, err) == (0, "")
    assert "0.0%" in out


def test_a_missing_corpus_is_a_clear_error_and_a_failed_exit(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    with pytest.raises(CommandError, match=f"找不到评测语料目录：{missing}"):
        evaluate(missing, "--no-sample")
    code, out, err = run([missing, "--no-sample"], capsys)
    assert code == 1 and out == ""
    assert "找不到评测语料目录" in err


def page_text():
    return (CORPUS / "01_jiangchenggongrenbao_zhaopinhui.txt").read_bytes()


GOOD_STORY = {"headline": "标题", "lead_starts": "正文开头", "bylines": []}


def described(**changes):
    page = {
        "file": "01.txt",
        "page": {"newspaper": "江城工人报"},
        "stories": [GOOD_STORY],
    }
    return json.dumps([{**page, **changes}], ensure_ascii=False)


@pytest.mark.parametrize(
    ("expected", "message"),
    [
        (None, "找不到 .*expected.json"),
        ("[{", "不是有效的 JSON（第 1 行第 3 列）"),
        (b"\xff\xfe[]", "不是 UTF-8 文本"),
        ('{"file": "01.txt"}', "应是一个非空数组"),
        ("[]", "应是一个非空数组"),
        ("[1]", "第 1 项：应是一个对象"),
        (described(file=""), "第 1 项：缺少 file"),
        (described(file="../01.txt"), "file 只写文件名"),
        (described(page={}), "缺少 page.newspaper"),
        (described(stories={}), "stories 应是数组"),
        (described(skipped="第3版"), "skipped 应是文字行的数组"),
        (
            described(stories=[GOOD_STORY, {"headline": "标题", "bylines": []}]),
            "第 1 项（01.txt）：第 2 篇稿件缺少 lead_starts",
        ),
        (
            described(stories=[{**GOOD_STORY, "headline": 3}]),
            "第 1 篇稿件的 headline 应是文字或 null",
        ),
        (
            described(stories=[{**GOOD_STORY, "bylines": [{"role": "记者"}]}]),
            "第 1 篇稿件的 bylines 应是署名数组",
        ),
        (
            described(
                stories=[{k: v for k, v in GOOD_STORY.items() if k != "bylines"}]
            ),
            "第 1 篇稿件的 bylines 应是署名数组",
        ),
        (
            described(stories=[{**GOOD_STORY, "photos": [{"caption_starts": "图"}]}]),
            "photos 每项应有 credits",
        ),
        (
            described(stories=[{**GOOD_STORY, "alt_reading": "标题"}]),
            "alt_reading 应是标题块对象",
        ),
        (described(file="02.txt"), "列出的版面文件不存在：.*02.txt"),
    ],
)
def test_a_malformed_corpus_is_a_clear_error(tmp_path, capsys, expected, message):
    (tmp_path / "01.txt").write_bytes(page_text())
    if expected is not None:
        data = expected if isinstance(expected, bytes) else expected.encode()
        (tmp_path / "expected.json").write_bytes(data)
    with pytest.raises(CommandError, match=message):
        evaluate(tmp_path, "--no-sample")
    code, out, err = run([tmp_path, "--no-sample"], capsys)
    assert code == 1 and out == ""
    assert err.startswith("CommandError: ")


def test_a_page_that_is_not_utf8_is_a_clear_error(tmp_path):
    (tmp_path / "01.txt").write_bytes("标题\n\n正文开头。".encode("gb18030"))
    (tmp_path / "expected.json").write_text(described(), encoding="utf-8")
    with pytest.raises(CommandError, match="01.txt 不是 UTF-8 文本"):
        evaluate(tmp_path, "--no-sample")


def test_a_well_formed_corpus_of_our_own_is_accepted(tmp_path):
    (tmp_path / "01.txt").write_text("标题\n\n正文开头。\n\n记者 林晓峰", "utf-8")
    (tmp_path / "expected.json").write_text(described(), encoding="utf-8")
    report = evaluate_json(tmp_path, "--no-sample")
    assert results(report) == {"01.txt": ["wrong"]}  # the byline was left out
    assert report["pages"][0]["stories"][0]["wrong"] == ["bylines"]
