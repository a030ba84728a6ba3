"""The night's lead: the 值班总编 (who may publish) makes an older story with a
photo the 头条 in 首页编排, and the reader's home page shows it at the top
with its photo, at phone and desktop width, with zero axe violations. By
clicking and typing only; factories set up the newsroom beforehand."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from articles.management.commands.demo import generated_picture
from articles.models import Placement, Topic

from ..factories import (
    ArticlePhotoFactory,
    CreditFactory,
    PhotoFactory,
    PublishedArticleFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/nr/shots/frontpage")
CHOSEN = "春季招聘会下周开幕 三百家企业带来八千个岗位"


def picture(alt):
    """A photo that looks like one (the demo's calm abstract pictures)."""
    image = ContentFile(generated_picture(alt, size=(960, 640)), name="photo.jpg")
    return PhotoFactory(image=image, alt_text=alt)


def newsroom():
    """A day's live stories in three sections, most with photos; the chosen
    one is older, so it leads only when someone puts it there."""
    yaowen = SectionFactory(name="要闻", slug="yaowen", order=10)
    bendi = SectionFactory(name="本地新闻", slug="bendi", order=20)
    weiquan = SectionFactory(name="维权课堂", slug="weiquan", order=30, is_column=True)
    headlines = [
        (yaowen, "市总工会部署冬季送温暖活动", True),
        (yaowen, "全市职工技能大赛决赛落幕", True),
        (bendi, "临川区新增十二家户外劳动者服务站", True),
        (bendi, "环卫工人暖心早餐点覆盖全城", True),
        (bendi, "城东社区开办职工子女托管班", False),
        (weiquan, "试用期被辞退，能否要求赔偿？", False),
        (weiquan, "加班费怎么算？一文讲清楚", False),
        (yaowen, "江钢“金蓝领”学院首批学员结业", True),
    ]
    now = timezone.now()
    for hours, (section, headline, pictured) in enumerate(headlines, start=1):
        story = PublishedArticleFactory(
            section=section,
            headline=headline,
            summary="记者从市总工会获悉，相关工作已全面展开。",
            publish_at=now - timezone.timedelta(hours=hours),
        )
        if pictured:
            ArticlePhotoFactory(article=story, photo=picture(f"{headline}现场"))
    chosen = PublishedArticleFactory(
        section=yaowen,
        kicker="稳就业 促发展",
        headline=CHOSEN,
        summary="市人社局和市总工会联合举办的春季招聘会下周一开幕，"
        "现场设技能岗位专区和困难职工帮扶窗口。",
        publish_at=now - timezone.timedelta(hours=20),
    )
    photo = picture("求职者在招聘会现场排队咨询")
    CreditFactory(photo=photo, correspondent__name="陈立新", role="photo")
    ArticlePhotoFactory(article=chosen, photo=photo)
    CreditFactory(article=chosen, correspondent__name="林晓峰", role="reporter")
    topic = Topic.objects.create(
        title="冬日暖心·关爱一线职工", slug="dongri", lead_photo=photo
    )
    topic.stories.add(chosen)
    return chosen


def test_the_night_editor_makes_a_story_the_headline(
    page, live_server, login, check_page
):
    from articles.reader import cache as page_cache
    from articles.reader import frontpage

    SHOTS.mkdir(parents=True, exist_ok=True)
    newsroom()
    page_cache.purge()
    # Left alone, the page leads with the newest story with a photo.
    assert frontpage.build().headline.headline != CHOSEN

    UserFactory(username="zhiban", role=roles.NIGHT_EDITOR)
    login("zhiban")
    # On the admin's front page: 新建 beside 首页编排.
    page.locator('a.addlink[aria-describedby="articles-placement"]').click()
    page.get_by_label("头条", exact=True).check()
    page.locator(".field-article .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("春季招聘")
    page.locator(".select2-results__option", has_text=CHOSEN).click()
    page.screenshot(path=SHOTS / "admin-placement.png", full_page=True)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("已成功添加首页编排")
    check_page()
    assert Placement.objects.active().get(kind="headline").article.headline == CHOSEN

    # The reader's home page: the story at the top, with its photo loaded.
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/")
        lead = page.locator(".front-lead")
        expect(lead.locator("h3")).to_have_text(CHOSEN)
        picture = lead.get_by_role("img", name="求职者在招聘会现场排队咨询")
        expect(picture).to_be_visible()
        expect(picture).to_have_js_property("complete", True)
        assert picture.evaluate("img => img.naturalWidth") > 0
        # Not repeated lower down the page.
        expect(page.get_by_role("link", name=CHOSEN)).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=SHOTS / f"home-{width}.png", full_page=True)
        check_page()
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()

    # The 专题 from the home page: its own page, with the way back above it.
    page.get_by_role("link", name="冬日暖心·关爱一线职工").click()
    expect(page.locator("h1")).to_have_text("冬日暖心·关爱一线职工")
    expect(page.locator(".crumbs")).to_contain_text("首页")
    expect(page.get_by_role("link", name=CHOSEN)).to_be_visible()
    page.screenshot(path=SHOTS / "topic-375.png", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert not page.console_errors, page.console_errors
