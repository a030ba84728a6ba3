"""An editor merges a 待核实 person the page importer made into the one on
file, by clicking only: 署名人 → filter 待核实 → select the duplicate →
合并到… → choose the person to keep → confirm. The kept person's public page
then lists the duplicate's stories."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.models import Correspondent

from ..factories import (
    CorrespondentFactory,
    CreditFactory,
    OrganisationFactory,
    PublishedArticleFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_merges_a_duplicate_person_into_the_one_on_file(
    page, live_server, login, screenshot
):
    UserFactory(username="editor1", role=roles.EDITOR)
    kept = CorrespondentFactory(
        name="林晓峰", affiliation=OrganisationFactory(name="江城日报")
    )
    CorrespondentFactory(name="许文静", kind=Correspondent.Kind.CORRESPONDENT)
    CreditFactory(
        article=PublishedArticleFactory(headline="江城新增服务站"), correspondent=kept
    )
    duplicate = CorrespondentFactory(name="林晓峰", needs_check=True)
    CreditFactory(
        article=PublishedArticleFactory(headline="青山镇职工书屋开放"),
        correspondent=duplicate,
    )

    login("editor1")
    page.locator("#content-main tr.model-correspondent th a").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    screenshot("merge-people-1-list")

    page.locator('#changelist-filter details[data-filter-title="待核实"] a').filter(
        has_text="是"
    ).click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    screenshot("merge-people-2-filtered")

    rows.first.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", label="合并到…")
    page.locator("button[name=index]").click()
    expect(page.locator("h1")).to_have_text("合并署名人")
    page.select_option("#id_keep", label="林晓峰（江城日报）")
    screenshot("merge-people-3-choose")

    page.get_by_role("button", name="确认合并").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "已将“林晓峰”合并到“林晓峰（江城日报）”，转来署名 1 条。"
    )
    # Back on the 待核实 list, which the duplicate has left.
    expect(page.locator("#result_list tbody tr")).to_have_count(0)
    screenshot("merge-people-4-merged")

    page.goto(f"{live_server.url}{kept.get_absolute_url()}")
    main = page.locator("main")
    expect(main).to_contain_text("江城新增服务站")
    expect(main).to_contain_text("青山镇职工书屋开放")
    screenshot("merge-people-5-kept-page")
    assert not Correspondent.objects.filter(pk=duplicate.pk).exists()
