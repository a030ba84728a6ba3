"""Journeys of 校对 and 来源 at sign-off, by clicks and typing: an editor
finds a 禁用 word blocking 初审 (the page names the word and where it is),
then acknowledges a 慎用 word on another story and the timeline keeps it;
a 转载 story is refused sign-off until the editor types its source."""

import shutil

import pytest
from playwright.sync_api import expect

from articles.models import Article, SensitiveWord

from ..workflow_helpers import make_newsroom
from .conftest import ARTIFACTS
from .review_steps import log_in, message, open_from_dashboard, press, timeline_steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "proofing"
BLOCKED = "江城职工服务站开放"
CAREFUL = "工业园新增职工书屋"
REPOST = "服务站开进工业园（转载）"


@pytest.fixture
def shot(screenshot):
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        shutil.copy(screenshot(name), SHOTS / f"{name}.png")

    return take


def test_a_banned_word_blocks_sign_off_and_a_caution_word_is_acknowledged(
    page, live_server, shot
):
    people = make_newsroom()
    blocked = people.story(
        "stage1",
        headline=BLOCKED,
        body="<p>11月23日，记者在现场看到某违禁词的标语,职工纷纷驻足。</p>",
    )
    careful = people.story(
        "stage1", headline=CAREFUL, body="<p>书屋由某慎用词捐建。</p>"
    )
    SensitiveWord.objects.create(word="某违禁词", replacement="宣传标语")
    SensitiveWord.objects.create(
        word="某慎用词", level=SensitiveWord.Level.CAUTION, replacement="爱心企业"
    )

    log_in(page, live_server, "editor")
    open_from_dashboard(page, "nr-dash-awaiting", BLOCKED)
    panel = page.locator(".nr-proofing")
    panel.scroll_into_view_if_needed()
    expect(panel.locator(".nr-proofing-banned")).to_contain_text("「某违禁词」")
    expect(panel.locator(".nr-proofing-banned")).to_contain_text("建议改为“宣传标语”")
    expect(panel.locator(".nr-proofing-slips")).to_contain_text("半角标点「,」")
    shot("p1-01-banned-word-on-panel")

    press(page, "审签通过（初审）")
    said = message(page)
    assert "“审签通过（初审）”没有执行：稿件含有禁用词" in said
    assert "「某违禁词」（正文：“…，记者在现场看到某违禁词的标语,职工纷纷…”" in said
    expect(page.locator(".nr-state")).to_contain_text("待审·初审")
    shot("p1-02-sign-off-refused")
    blocked.refresh_from_db()
    assert blocked.stage == 1

    # Another story: a 慎用 word is signed once the box is ticked.
    page.goto(f"{live_server.url}/admin/")
    open_from_dashboard(page, "nr-dash-awaiting", CAREFUL)
    press(page, "审签通过（初审）")
    assert "请核实后勾选“已核实慎用词提示”" in message(page)
    box = page.get_by_label("已核实慎用词提示（审签时记入流转记录）")
    box.scroll_into_view_if_needed()
    box.check()
    shot("p1-03-caution-acknowledged")
    press(page, "审签通过（初审）")
    assert "没有执行" not in message(page)
    expect(page.locator(".nr-state")).to_contain_text("待审·复审")
    assert timeline_steps(page)[-2:] == ["确认慎用词提示", "初审通过"]
    expect(page.locator(".nr-timeline")).to_contain_text("「某慎用词」（正文")
    shot("p1-04-acknowledgement-logged")
    careful.refresh_from_db()
    assert careful.stage == 2


def test_a_repost_is_refused_sign_off_until_its_source_is_typed(
    page, live_server, shot
):
    people = make_newsroom()
    story = people.story(
        "stage1",
        headline=REPOST,
        source=Article.Source.REPOST,
        original_title="服务站开进工业园",
    )

    log_in(page, live_server, "editor")
    open_from_dashboard(page, "nr-dash-awaiting", REPOST)
    press(page, "审签通过（初审）")
    assert "没有执行：转载稿件须注明转载来源" in message(page)
    shot("p2-01-repost-refused")
    story.refresh_from_db()
    assert story.stage == 1

    source = page.get_by_label("转载来源")
    source.scroll_into_view_if_needed()
    source.fill("江城晚报")
    page.get_by_label("原作者").fill("陈思远")
    shot("p2-02-source-typed")
    press(page, "审签通过（初审）")
    assert "没有执行" not in message(page)
    expect(page.locator(".nr-state")).to_contain_text("待审·复审")
    shot("p2-03-signed")

    # The preview shows the page as readers will see it: 来源 and 原标题.
    with page.expect_popup() as popup_info:
        page.get_by_role("link", name="预览").click()
    preview = popup_info.value
    preview.wait_for_load_state()
    line = preview.locator(".story__source")
    expect(line).to_contain_text("来源：江城晚报")
    expect(line).to_contain_text("原作者：陈思远")
    expect(line).to_contain_text("原标题：《服务站开进工业园》")
    preview.screenshot(path=SHOTS / "p2-04-preview-source-line.png", full_page=True)
    preview.close()
    story.refresh_from_db()
    assert (story.stage, story.source_name, story.original_author) == (
        2,
        "江城晚报",
        "陈思远",
    )


def test_the_desk_chief_imports_a_word_list_after_a_bad_file(
    page, live_server, shot, tmp_path
):
    make_newsroom()
    bad = tmp_path / "词表.csv"
    bad.write_text("某词甲,禁用\n某词乙,严禁\n", encoding="utf-8")
    good = tmp_path / "词表.txt"
    good.write_text(
        "# 本月新增\n某词甲,禁用,合规说法\n某词乙,慎用\n某词丙\n",
        encoding="gb18030",
    )

    log_in(page, live_server, "desk")
    page.get_by_role("link", name="敏感词库").first.click()
    page.get_by_role("link", name="批量导入").click()
    page.wait_for_load_state()
    page.get_by_label("词表文件（.txt 或 .csv）").set_input_files(bad)
    page.get_by_role("button", name="导入").click()
    page.wait_for_load_state()
    expect(page.locator(".errornote")).to_contain_text(
        "第 2 行：级别“严禁”无法识别，只能是“禁用”或“慎用”。"
    )
    shot("p3-01-bad-file-refused")
    assert not SensitiveWord.objects.exists()

    page.get_by_label("词表文件（.txt 或 .csv）").set_input_files(good)
    page.get_by_label("未注明级别的词按").select_option(label="慎用")
    page.get_by_role("button", name="导入").click()
    page.wait_for_load_state()
    expect(page.locator("ul.messagelist")).to_contain_text("新增 3 个")
    expect(page.locator("#result_list")).to_contain_text("合规说法")
    shot("p3-02-imported")
    levels = dict(SensitiveWord.objects.values_list("word", "level"))
    assert levels == {"某词甲": "banned", "某词乙": "caution", "某词丙": "caution"}
