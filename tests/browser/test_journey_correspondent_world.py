"""An outside correspondent (通讯员) logs in and, by clicks, finds only their
own world: a dashboard without the 定时发布 panel and its embargoed
headlines, no import link, a story list of their own stories with no staff
list and no publish action, the people on their bylines without contact
data, and a photo library of their own photos."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from accounts.models import Correspondent
from articles.models import Article

from ..factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def newsroom():
    """The outsider's work, and the paper's around it."""
    xu = UserFactory(username="xuwenjing", role=roles.CORRESPONDENT)
    me = Correspondent.objects.create(
        name="许文静", kind=Correspondent.Kind.CORRESPONDENT, user=xu
    )
    lin = UserFactory(username="linxiaofeng", role=roles.REPORTER)
    colleague = CorrespondentFactory(
        name="林晓峰",
        user=lin,
        phone="13800001111",
        email="lin@paper.example",
        notes="只在周二供稿",
    )
    stranger = CorrespondentFactory(name="陌生的署名人", phone="13900002222")
    ArticleFactory(created_by=xu, headline="青山镇职工书屋开门迎客")
    shared = ArticleFactory(created_by=lin, headline="两人合写：夜校开课")
    CreditFactory(article=shared, correspondent=colleague)
    CreditFactory(article=shared, correspondent=me, role="correspondent")
    others = ArticleFactory(created_by=lin, headline="别的部门的稿件")
    CreditFactory(article=others, correspondent=stranger)
    ArticleFactory(
        created_by=lin,
        headline="禁发期内的头条：明早公布",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + timezone.timedelta(days=1),
    )
    PhotoFactory(caption="通讯员拍的书屋", uploaded_by=xu)
    PhotoFactory(caption="未发表图片的说明", uploaded_by=lin)


def test_a_correspondent_sees_only_their_own_world(page, login, screenshot):
    newsroom()
    login("xuwenjing")

    # The dashboard: their stories, no embargoed headline, no import.
    dashboard = page.locator(".nr-dashboard")
    expect(dashboard.locator("#nr-dash-mine")).to_have_text("我的稿件")
    expect(dashboard).to_contain_text("青山镇职工书屋开门迎客")
    expect(dashboard).not_to_contain_text("定时发布")
    expect(page.locator("body")).not_to_contain_text("禁发期内的头条")
    expect(page.get_by_role("link", name="导入版面")).to_have_count(0)
    expect(page.get_by_role("link", name="写新稿件")).to_be_visible()
    screenshot("cw-01-dashboard")

    # The story list: their own and the one they are credited on; no
    # 创建人 filter (the staff list), no publish action, no import.
    page.locator("#content-main tr.model-article th a").click()
    results = page.locator("#result_list")
    expect(results).to_contain_text("青山镇职工书屋开门迎客")
    expect(results).to_contain_text("两人合写：夜校开课")
    expect(results).not_to_contain_text("别的部门的稿件")
    expect(page.locator("#changelist-filter")).not_to_contain_text("创建人")
    actions = page.locator("select[name=action] option")
    expect(actions).not_to_contain_text(["发布所选已签发稿件"])
    expect(page.get_by_role("link", name="导入版面")).to_have_count(0)
    screenshot("cw-02-story-list")

    # The people on their bylines: public fields only.
    page.locator(".breadcrumbs").get_by_role("link", name="首页").click()
    page.locator("#content-main tr.model-correspondent th a").click()
    people = page.locator("#result_list")
    expect(people).to_contain_text("林晓峰")
    expect(people).to_contain_text("许文静")
    expect(people).not_to_contain_text("陌生的署名人")
    people.get_by_role("link", name="林晓峰").click()
    form = page.locator("#content-main")
    expect(form).to_contain_text("林晓峰")
    for secret in ("13800001111", "lin@paper.example", "只在周二供稿", "联系方式"):
        expect(form).not_to_contain_text(secret)
    expect(form).not_to_contain_text("登录账号")
    screenshot("cw-03-byline-record")

    # The photo library: the photos they uploaded.
    page.locator(".breadcrumbs").get_by_role("link", name="首页").click()
    page.locator("#content-main tr.model-photo th a").click()
    photos = page.locator("#result_list")
    expect(photos).to_contain_text("通讯员拍的书屋")
    expect(photos).not_to_contain_text("未发表图片的说明")
    screenshot("cw-04-photos")

    # And no tag list anywhere in the admin's menu.
    page.locator(".breadcrumbs").get_by_role("link", name="首页").click()
    expect(page.locator("#content-main tr.model-tag")).to_have_count(0)
