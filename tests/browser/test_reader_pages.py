"""The reader's first pages render in Chromium at phone and desktop widths."""

import pytest

from ..factories import CorrespondentFactory, CreditFactory, PublishedArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("width", [375, 1280])
def test_article_page_at_phone_and_desktop_width(page, live_server, screenshot, width):
    article = PublishedArticleFactory(
        kicker="推出服务 优化环境",
        headline="江城打造青年创新创业最向往的福地",
        subtitle="已汇聚45家服务资源",
        body="<p>11月23日，江城市总工会召开会议，部署下一阶段工作。</p>" * 3,
    )
    CreditFactory(
        article=article,
        correspondent=CorrespondentFactory(name="陆鸣"),
        role="correspondent",
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("h1").inner_text() == "江城打造青年创新创业最向往的福地"
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    indent = page.locator(".story__body p").first.evaluate(
        "p => getComputedStyle(p).textIndent"
    )
    assert indent.endswith("px") and float(indent[:-2]) > 0
    screenshot(f"article-{width}")
    assert not page.console_errors


def test_a_reader_finds_an_old_story_through_the_archive(page, live_server, screenshot):
    from django.utils import timezone

    march = timezone.make_aware(timezone.datetime(2026, 3, 12, 9, 0))
    PublishedArticleFactory(headline="三月里的职工运动会", publish_at=march)
    PublishedArticleFactory(
        headline="四月里的技能竞赛", publish_at=march + timezone.timedelta(days=30)
    )
    page.goto(live_server.url + "/archive/")
    screenshot("archive-index")
    page.get_by_role("link", name="2026年3月").click()
    page.wait_for_url("**/archive/2026/3/")
    assert page.locator("h1").inner_text() == "往期稿件：2026年3月"
    assert page.get_by_text("四月里的技能竞赛").count() == 0
    screenshot("archive-month")
    page.get_by_role("link", name="三月里的职工运动会").click()
    assert page.locator("h1").inner_text() == "三月里的职工运动会"
    screenshot("archive-story")
    assert not page.console_errors
