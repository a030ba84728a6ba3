"""发稿统计 in the browser: an editor asks for a period the wrong way round
and is told so, groups by unit and downloads the XLSX; a correspondent
opens their own page and sees each story's state (退稿, 见报 with its page)
and their fee. Factories set up the stories beforehand."""

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts import roles
from fees import compute
from fees.models import RateTable

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


@pytest.fixture
def shot(screenshot):
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = screenshot(f"fees-{name}")
        shutil.copy(path, SHOTS / f"{name}.png")

    return take


def test_statistics_and_a_correspondents_own_page(page, live_server, shot):
    RateTable.objects.create(
        version=1,
        **dict.fromkeys(
            ("per_thousand_story", "per_thousand_photo", "per_thousand_brief"),
            Decimal("100"),
        ),
        per_thousand_column=Decimal("150"),
        minimum=Decimal("30"),
        per_photo=Decimal("40"),
    )
    today = datetime.date.today()
    account = UserFactory(username="tongxun", role=roles.CORRESPONDENT)
    unit = OrganisationFactory(name="江钢集团工会")
    xu = CorrespondentFactory(name="许文静", affiliation=unit, user=account)
    printed = ArticleFactory(
        headline="江钢工会开展冬送温暖", print_date=today, print_page=3
    )
    returned = ArticleFactory(headline="班组读书会见闻", status="returned")
    for story in (printed, returned):
        CreditFactory(article=story, correspondent=xu, role="correspondent")
    compute.compute_for(printed.pk, when="print")
    UserFactory(username="editor", role=roles.EDITOR)

    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/fees/fee/")
    page.get_by_role("link", name="发稿统计", exact=True).click()
    page.get_by_label("起始日期").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("截止日期").fill(f"{today - datetime.timedelta(days=3):%Y-%m-%d}")
    page.get_by_role("button", name="统计").click()
    expect(page.locator(".errorlist, .fees-error").first).to_contain_text(
        "起始日期不能晚于截止日期"
    )
    page.get_by_label("截止日期").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("分组").select_option(label="按单位")
    page.get_by_role("button", name="统计").click()
    row = page.locator("#stats tbody tr", has_text="江钢集团工会")
    expect(row).to_contain_text("2")  # two filed
    shot("07-stats-by-unit")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel（XLSX）").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    log_in(page, live_server, "tongxun")
    page.goto(f"{live_server.url}/admin/fees/fee/")
    page.get_by_role("link", name="我的发稿与稿费").click()
    stories = page.locator("#my-stories")
    expect(stories.locator("tr", has_text="班组读书会见闻")).to_contain_text("退稿")
    expect(stories.locator("tr", has_text="江钢工会开展冬送温暖")).to_contain_text(
        "第3版"
    )
    expect(page.locator("#my-fees")).to_contain_text("江钢工会开展冬送温暖")
    shot("08-my-own-page")
