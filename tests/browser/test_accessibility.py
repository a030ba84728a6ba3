"""Every reader page at phone and desktop width: rendered by Chromium with
CJK fonts, screenshotted, and checked by axe-core with zero violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.models import Correspondent

from ..factories import (
    ArticlePhotoFactory,
    CorrespondentFactory,
    CreditFactory,
    OrganisationFactory,
    PhotoFactory,
    PublishedArticleFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["home", "article", "section", "tag", "correspondent", "search"]


@pytest.fixture
def newsroom_pages():
    from articles.reader import cache as page_cache

    yaowen = SectionFactory(name="要闻", slug="yaowen", description="当日要闻。")
    SectionFactory(name="维权课堂", slug="weiquan", is_column=True)
    unit = OrganisationFactory(name="江城市总工会")
    xu = CorrespondentFactory(
        name="许文静", kind=Correspondent.Kind.CORRESPONDENT, affiliation=unit
    )
    lin = CorrespondentFactory(name="林晓峰")
    lead = None
    for i in range(6):
        article = PublishedArticleFactory(
            section=yaowen,
            kicker="聚焦一线需求 提升服务效能" if i == 0 else "",
            headline=f"江城市总工会推出职工服务实事项目之{i + 1}",
            subtitle="年底前全部落地" if i == 0 else "",
            summary="新建服务站、免费体检、技能培训，年底前全部落地。",
            body="<p>11月20日，江城市总工会召开全委会议，发布职工服务实事项目。</p>"
            "<p>市总工会负责人表示，每一项实事都明确了责任部门和完成时限。</p>",
        )
        CreditFactory(
            article=article, correspondent=xu, role="correspondent", position=0
        )
        CreditFactory(article=article, correspondent=lin, role="reporter", position=1)
        article.tags.add("工会", "职工服务")
        lead = lead or article
    photo = PhotoFactory(
        caption="服务站里，快递员在休息。", alt_text="几名快递员在服务站休息"
    )
    CreditFactory(
        photo=photo, correspondent=CorrespondentFactory(name="陈立新"), role="photo"
    )
    ArticlePhotoFactory(article=lead, photo=photo)
    page_cache.purge()
    return {
        "home": "/",
        "article": lead.get_absolute_url(),
        "section": yaowen.get_absolute_url(),
        "tag": "/tag/工会/",
        "correspondent": xu.get_absolute_url(),
        "search": "/search/?q=工会",
    }


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_reader_page_has_no_accessibility_violations(
    page, live_server, screenshot, newsroom_pages, name, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + newsroom_pages[name])
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    # Nothing runs off the side of a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"{name}-{width}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert not page.console_errors, page.console_errors
