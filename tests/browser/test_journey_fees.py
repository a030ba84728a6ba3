"""稿费 in the browser: 财务 generates a month's statements, an editor adjusts
one fee with a reason (refused without one), and 财务 marks the statement
paid and prints it. By clicking and typing only; factories and the fee
computation set up the month's printed stories beforehand."""

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts import roles
from fees import compute
from fees.models import FeeAdjustment, RateTable, Statement

from ..factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    OrganisationFactory,
    UserFactory,
)
from .review_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/nr/shots/fees")
DAY = datetime.date(2026, 10, 15)


@pytest.fixture
def shot(screenshot):
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = screenshot(f"fees-{name}")
        shutil.copy(path, SHOTS / f"{name}.png")

    return take


def october_fees():
    RateTable.objects.create(
        version=1,
        per_thousand_story=Decimal("100"),
        per_thousand_photo=Decimal("50"),
        per_thousand_brief=Decimal("80"),
        per_thousand_column=Decimal("150"),
        minimum=Decimal("30"),
        per_photo=Decimal("40"),
    )
    unit = OrganisationFactory(name="江城市总工会")
    song = CorrespondentFactory(name="宋雨桐", affiliation=unit)
    gu = CorrespondentFactory(name="顾嘉铭")
    lead = ArticleFactory(
        headline="全市职工技能大赛开幕",
        body="<p>" + "技" * 1200 + "</p>",
        print_date=DAY,
        print_page=2,
    )
    joint = ArticleFactory(
        headline="社区驿站暖了户外劳动者",
        body="<p>" + "暖" * 800 + "</p>",
        print_date=DAY,
        print_page=2,
    )
    CreditFactory(article=lead, correspondent=song)
    CreditFactory(article=joint, correspondent=song, position=0)
    CreditFactory(article=joint, correspondent=gu, position=1)
    for story in (lead, joint):
        compute.compute_for(story.pk, when="print")


def test_a_month_is_generated_adjusted_and_paid(page, live_server, shot):
    october_fees()
    UserFactory(username="finance", role=roles.FINANCE, last_name="钱")
    UserFactory(username="editor", role=roles.EDITOR, last_name="何")

    # 财务 opens the fees and goes to the month's statements.
    log_in(page, live_server, "finance")
    page.goto(f"{live_server.url}/admin/fees/fee/")
    page.get_by_role("link", name="月度结算单").click()
    month = page.get_by_label("月份")
    month.fill("2026年10月")
    page.get_by_role("button", name="查看").click()
    expect(page.locator(".fees-error").first).to_contain_text("月份格式应为")
    shot("01-bad-month")
    page.get_by_label("月份").fill("2026-10")
    page.get_by_role("button", name="生成结算单").click()
    expect(page.locator(".messagelist")).to_contain_text("结算单已生成：2 人")
    table = page.locator("#statement")
    expect(table).to_contain_text("宋雨桐")
    expect(table).to_contain_text("顾嘉铭")
    shot("02-generated")
    axe = Axe().run(page, context={"include": [["#content"]]})
    assert axe.violations_count == 0, axe.generate_report()

    # An editor adjusts 顾嘉铭's share: a reason is required.
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/fees/fee/")
    row = page.locator("tr", has_text="顾嘉铭")
    row.get_by_role("link", name="调整").click()
    page.get_by_label("调整后金额（元）").fill("60")
    page.get_by_role("button", name="保存调整").click()
    expect(page.locator("body")).to_contain_text("调整稿费必须写明理由。")
    shot("03-no-reason")
    axe = Axe().run(page, context={"include": [["#content"]]})
    assert axe.violations_count == 0, axe.generate_report()
    page.get_by_label("调整理由").fill("现场照片由其提供，加发")
    page.get_by_role("button", name="保存调整").click()
    expect(page.locator(".messagelist")).to_contain_text("已把 顾嘉铭 的稿费调整为 60")
    expect(page.locator("body")).to_contain_text("现场照片由其提供，加发")
    shot("04-adjusted")

    # 财务 sees the new amount and pays 顾嘉铭's statement.
    log_in(page, live_server, "finance")
    page.goto(f"{live_server.url}/admin/fees/fee/")
    page.get_by_role("link", name="月度结算单").click()
    page.get_by_label("月份").fill("2026-10")
    page.get_by_role("button", name="查看").click()
    expect(table).to_contain_text("60.00 元（原")
    page.get_by_role("button", name="把顾嘉铭的结算单标记为已付款").click()
    expect(page.locator(".messagelist")).to_contain_text("已标记为已付款")
    expect(page.locator("tr", has_text="顾嘉铭")).to_contain_text("已付")
    shot("05-paid")
    page.get_by_role("link", name="打印版").click()
    expect(page.locator("h1")).to_contain_text("2026年10月稿费结算单")
    shot("06-printable")
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()

    gu = Statement.objects.get(correspondent__name="顾嘉铭")
    assert gu.paid_total == Decimal("60.00")
    (log,) = FeeAdjustment.objects.all()
    assert log.reason == "现场照片由其提供，加发" and log.by.username == "editor"
    assert not Statement.objects.get(correspondent__name="宋雨桐").is_paid
