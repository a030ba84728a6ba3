"""A desk's day in one journey, each step a person clicking and typing.

A reporter of 经济部 reports a topic (报题); the desk's chief approves it and
assigns it with a deadline and a length (派题); the reporter starts the story
from it (开始写稿), writes it, attaches a photo from the library and submits
it; a desk editor quotes a sentence in the side panel's discussion and the
reporter answers; the chain signs it, 复审 by the chief of the story's own
desk; the 总编辑 publishes it; the 值班总编 makes it the 头条 in 首页编排;
and the reader's home page leads with it and its photo.

Factories set up the people, the two desks, a section and one photo already
in the library; every step after that is done in the browser."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from accounts.models import Desk
from articles.management.commands.demo import generated_picture

from ..factories import PhotoFactory, SectionFactory, UserFactory
from .conftest import ARTIFACTS, assert_sound_page
from .review_steps import (
    dashboard_list,
    log_in,
    message,
    open_from_dashboard,
    press,
    write_opinion,
)
from .test_journey_photos import add_photo_row, choose_in_dialog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "desk-day"
TOPIC = "城区菜价连续三周回落"
FIRST = "本报讯 连日来，城区三个农贸市场的蔬菜价格持续回落。"
SECOND = "摊主们说，今年秋菜丰收，外地菜大量上市，青菜每斤比上月便宜五角。"
ALT = "市民在农贸市场选购蔬菜"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    assert_sound_page(page)


def person(username, role, family, given):
    return UserFactory(username=username, role=role, last_name=family, first_name=given)


def newsroom(settings):
    """Two desks with their chiefs, a desk editor, the chief editor, the
    night editor, a section and a photo in the library."""
    settings.NEWSROOM_REVIEW_CHAIN = [
        ("初审", roles.EDITOR),
        ("复审", "部门主任@desk"),
        ("终审", roles.CHIEF_EDITOR),
    ]
    reporter = person("linxf", roles.REPORTER, "林", "晓峰")
    editor = person("wangmin", roles.EDITOR, "王", "敏")
    economy = Desk.objects.create(name="经济部", order=1)
    economy.members.add(reporter, editor)
    economy.chiefs.add(person("sunjg", roles.DESK_CHIEF, "孙", "建国"))
    news = Desk.objects.create(name="要闻部", order=2)
    news.chiefs.add(person("zhouli", roles.DESK_CHIEF, "周", "丽华"))
    person("zongbian", roles.CHIEF_EDITOR, "李", "振华")
    person("zhiban", roles.NIGHT_EDITOR, "赵", "明")
    SectionFactory(name="本地新闻", slug="bendi", order=10)
    PhotoFactory(
        image=ContentFile(generated_picture(ALT, size=(960, 640)), name="cai.jpg"),
        caption="城南农贸市场蔬菜摊",
        alt_text=ALT,
    )


def test_a_desk_day_from_the_topic_to_the_front_page(page, live_server, settings):
    newsroom(settings)
    today = timezone.localdate().isoformat()
    budget = f"{live_server.url}/admin/articles/planitem/budget/"

    # 08:30 The reporter reports a topic for today's paper.
    log_in(page, live_server, "linxf")
    page.goto(budget)
    page.get_by_role("link", name="报题", exact=True).click()
    page.fill("#id_topic", TOPIC)
    page.fill("#id_notes", "走访三个农贸市场，问摊主和市民。")
    page.select_option("#id_desk", label="经济部")
    page.fill("#id_print_date", today)
    page.fill("#id_print_page", "A3")
    page.locator("input[name=_save]").click()
    page.get_by_text(TOPIC).first.wait_for()

    # 09:00 The desk chief approves it and assigns it: deadline and 字数.
    log_in(page, live_server, "sunjg")
    page.goto(budget)
    page.get_by_role("link", name=TOPIC).click()
    page.get_by_role("link", name="审定选题").click()
    page.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator("#plan-state")).to_have_text("通过")
    page.select_option("#id_assignees", label="林晓峰")
    page.fill("#id_deadline", f"{today}T18:00")
    page.fill("#id_target_length", "800")
    shot(page, "01-chief-assigns")
    page.get_by_role("button", name="派题").click()
    expect(page.locator("#plan-state")).to_have_text("已派题")

    # 10:00 The reporter writes from it, with a photo from the library.
    log_in(page, live_server, "linxf")
    page.goto(budget)
    page.get_by_role("link", name="开始写稿").click()
    page.get_by_text("本稿来自选题").wait_for()
    expect(page.locator("#id_headline")).to_have_value(TOPIC)
    page.locator(".field-section .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("本地")
    page.locator(".select2-results__option", has_text="本地新闻").click()
    page.locator(".field-body .ProseMirror[contenteditable]").click()
    page.keyboard.type(FIRST)
    page.keyboard.press("Enter")
    page.keyboard.type(SECOND)
    row = add_photo_row(page)
    row.get_by_role("button", name="选择图片").click()
    dialog, item = choose_in_dialog(page, "农贸市场", "城南农贸市场蔬菜摊")
    item.click()
    expect(dialog).to_be_hidden()
    row.locator("textarea[name$='-caption']").fill("城南农贸市场，市民在选购青菜。")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    expect(page.locator("#id_desk option:checked")).to_have_text("经济部")
    shot(page, "02-reporter-wrote")
    write_opinion(page, "按选题完成，配图一张。")
    press(page, "提交审稿")
    assert "待审·初审" in message(page)

    # 11:00 A desk editor quotes a sentence and asks about it.
    log_in(page, live_server, "wangmin")
    open_from_dashboard(page, "nr-dash-awaiting", TOPIC)
    body = page.locator(".field-body .ProseMirror[contenteditable]")
    body.locator("p").nth(1).click(click_count=3)
    page.get_by_role("button", name="引用所选文字到讨论").click()
    panel = page.locator("#nr-talk")
    expect(panel.locator(".nr-talk-quoting")).to_contain_text("青菜每斤比上月便宜五角")
    page.fill("#nr-talk-text", "@linxf 五角是哪个市场的价？请注明。")
    panel.get_by_role("button", name="发表评论").click()
    expect(panel.locator(".nr-thread").first).to_contain_text("请注明")
    shot(page, "03-editor-comments")

    # 11:30 The reporter follows the notification and answers.
    log_in(page, live_server, "linxf")
    page.get_by_role("link", name=f"王敏在《{TOPIC}》的编辑部讨论里").click()
    page.wait_for_load_state()
    thread = page.locator("#nr-talk .nr-thread").first
    expect(thread.locator(".nr-talk-quoted")).to_contain_text("便宜五角")
    thread.get_by_label("回复").fill("城南市场，三家摊位的平均价。")
    thread.get_by_role("button", name="回复").click()
    expect(thread.locator(".nr-talk-reply")).to_contain_text("城南市场")

    # 14:00 The editor reads the answer, settles it and signs 初审.
    log_in(page, live_server, "wangmin")
    open_from_dashboard(page, "nr-dash-awaiting", TOPIC)
    thread = page.locator("#nr-talk .nr-thread").first
    expect(thread.locator(".nr-talk-reply")).to_contain_text("林晓峰")
    thread.get_by_role("button", name="标记为已解决").click()
    expect(page.locator("#nr-talk .nr-talk-resolved")).to_contain_text("已解决")
    write_opinion(page, "价格来源已注明，同意。")
    press(page, "审签通过（初审）")
    expect(page.locator(".nr-state")).to_contain_text("待审·复审")

    # 16:00 复审 is 经济部's: not on 要闻部's chief's list, signed by its own.
    log_in(page, live_server, "zhouli")
    awaiting = dashboard_list(page, "nr-dash-awaiting")
    expect(awaiting.get_by_role("link", name=TOPIC)).to_have_count(0)
    log_in(page, live_server, "sunjg")
    open_from_dashboard(page, "nr-dash-awaiting", TOPIC)
    expect(page.locator(".nr-chain .nr-current")).to_have_text("复审 经济部部门主任")
    write_opinion(page, "同意，请总编辑终审。")
    press(page, "审签通过（复审）")
    expect(page.locator(".nr-state")).to_contain_text("待审·终审")

    # 18:00 The chief editor signs 终审 and publishes.
    log_in(page, live_server, "zongbian")
    open_from_dashboard(page, "nr-dash-awaiting", TOPIC)
    write_opinion(page, "同意签发。")
    press(page, "终审通过，签发")
    press(page, "立即发布")
    expect(page.locator(".nr-state")).to_contain_text("已发布")
    shot(page, "04-published")

    # 21:00 The night editor makes it the 头条.
    log_in(page, live_server, "zhiban")
    page.locator('a.addlink[aria-describedby="articles-placement"]').click()
    page.get_by_label("头条", exact=True).check()
    page.locator(".field-article .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("菜价")
    page.locator(".select2-results__option", has_text=TOPIC).click()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("已成功添加首页编排")

    # The reader, logged out: the home page leads with it and its photo.
    page.locator("#logout-form button").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/")
    lead = page.locator(".front-lead")
    expect(lead.locator("h3")).to_have_text(TOPIC)
    picture = lead.get_by_role("img", name=ALT)
    expect(picture).to_be_visible()
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("img => img.naturalWidth") > 0
    shot(page, "05-reader-home")
    assert not page.console_errors, page.console_errors
