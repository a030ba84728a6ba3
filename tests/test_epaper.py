"""The printed paper: editions and pages, a story's placement, the page's
uploads and 热区 in the admin, the e-paper readers browse, and the
importer filling editions and pages from a page's header."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from articles import editing
from articles.epaper import files
from articles.importer.save import import_page
from articles.models import Article, Edition, Hotspot, Page
from articles.models.epaper import hotspot_problems

from .epaper_helpers import TINY_PDF, make_page, page_png
from .factories import ArticleFactory, PublishedArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 11, 30)


# ------------------------------------------------------------- the models


def test_a_story_on_a_page_takes_its_date_and_number_and_loses_them_off_it():
    page = make_page(DAY, 2)
    story = ArticleFactory(page=page, page_position=1)
    assert (story.print_date, story.print_page) == (DAY, 2)
    assert story.printed_on() == "2022年11月30日 第2版 本地新闻"
    story = Article.objects.get(pk=story.pk)
    story.page = None
    story.save()
    story.refresh_from_db()
    assert (story.print_date, story.print_page) == (None, None)


def test_an_edit_through_the_editing_service_moves_the_printed_fields_too():
    editor = UserFactory(role=roles.EDITOR)
    page = make_page(DAY, 3, name="视角")
    story = ArticleFactory(created_by=editor)
    story.page, story.page_position = page, 2
    editing.save_edit(
        story, by=editor, base_version=story.version, fields=["page", "page_position"]
    )
    story.refresh_from_db()
    assert (story.page, story.page_position, story.print_page) == (page, 2, 3)
    assert story.print_date == DAY
    revision = story.revisions.order_by("-number").first()
    assert revision.data["page_name"] == "2022-11-30 第3版 视角"


def test_an_imported_story_without_a_page_keeps_its_printed_number():
    story = ArticleFactory(print_page=4)
    story.save()
    story.refresh_from_db()
    assert story.print_page == 4
    assert story.printed_on() == ""  # no date: no 见报 line


def test_a_pdf_needs_an_image_and_labels_read_as_printed():
    page = make_page(DAY, 1, name="要闻", image=False)
    page.pdf.name = "epaper/x.pdf"
    with pytest.raises(ValidationError) as refusal:
        page.clean()
    assert "版面图片" in str(refusal.value)
    assert page.label == "第1版 要闻"
    assert str(Edition(date=DAY, number=1234)) == "2022年11月30日（总第1234期）"


@pytest.mark.parametrize(
    ("box", "word"),
    [
        ((-0.1, 0.1, 0.2, 0.2), "超出"),
        ((0.9, 0.1, 0.2, 0.2), "超出"),
        ((0.1, 0.1, 0.001, 0.2), "太小"),
        ((0.1, "上", 0.2, 0.2), "数字"),
        ((0.1, float("nan"), 0.2, 0.2), "数字"),
        ((0.1, True, 0.2, 0.2), "数字"),
    ],
)
def test_bad_rectangles_are_named_in_chinese(box, word):
    assert word in "".join(hotspot_problems(*box))


def test_a_fitting_rectangle_has_no_problem():
    assert hotspot_problems(0, 0, 1, 1) == []


# ------------------------------------------------------- the page's form


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(username="banmian", role=roles.EDITOR))
    return client


def post_page(client, page=None, *, edition=None, **data):
    url = (
        reverse("admin:articles_page_change", args=[page.pk])
        if page
        else reverse("admin:articles_page_add")
    )
    form = {
        "edition": edition.pk if edition else page.edition_id,
        "number": page.number if page else 2,
        "name": page.name if page else "本地新闻",
        "editor_name": "程雅琴",
        "hotspots": "",
    }
    form.update(data)
    return client.post(url, form)


def errors(response):
    form = response.context["adminform"].form
    return " ".join(str(e) for field in form.errors.values() for e in field)


def test_an_editor_builds_a_page_with_its_image_and_pdf(editor_client):
    edition = Edition.objects.create(date=DAY, number=1234)
    response = post_page(
        editor_client,
        edition=edition,
        image=SimpleUploadedFile("扫描.png", page_png(), "image/png"),
        pdf=SimpleUploadedFile("第2版.pdf", TINY_PDF, "application/pdf"),
    )
    assert response.status_code == 302, errors(response)
    page = Page.objects.get()
    assert (page.image_width, page.image_height) == (300, 420)
    assert page.image.name.endswith("/02.png")
    assert page.pdf.name.endswith("/02.pdf")
    assert page.editor_name == "程雅琴"


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        (
            "image",
            ("版面.png", b"not an image at all", "image/png"),
            "不是能打开的图片",
        ),
        (
            "image",
            ("版面.gif", b"GIF89a" + b"\0" * 40, "image/gif"),
            "不是能打开的图片",
        ),
        ("pdf", ("版面.pdf", b"PK\x03\x04 a word file", "application/pdf"), "不是 PDF"),
        ("pdf", ("版面.pdf", TINY_PDF[:80], "application/pdf"), "不完整"),
    ],
)
def test_bad_uploads_are_refused_in_chinese_and_nothing_is_saved(
    editor_client, field, upload, message
):
    edition = Edition.objects.create(date=DAY)
    data = {field: SimpleUploadedFile(*upload)}
    if field == "pdf":
        data["image"] = SimpleUploadedFile("版面.png", page_png(), "image/png")
    response = post_page(editor_client, edition=edition, **data)
    assert response.status_code == 200
    assert message in errors(response)
    assert not Page.objects.exists()


def test_a_gif_page_image_is_refused_by_its_format(editor_client):
    from PIL import Image

    from .images import encode

    gif = encode(Image.new("RGB", (30, 40)), "GIF")
    response = post_page(
        editor_client,
        edition=Edition.objects.create(date=DAY),
        image=SimpleUploadedFile("版面.gif", gif, "image/gif"),
    )
    assert "只收 JPEG、PNG 或 WebP" in errors(response)


def test_an_upload_over_the_limit_is_refused_naming_its_size(
    editor_client, monkeypatch
):
    monkeypatch.setattr(files, "PDF_MAX_BYTES", 100)
    response = post_page(
        editor_client,
        edition=Edition.objects.create(date=DAY),
        image=SimpleUploadedFile("版面.png", page_png(), "image/png"),
        pdf=SimpleUploadedFile("版面.pdf", TINY_PDF, "application/pdf"),
    )
    assert "版面 PDF 最大 0.0 MB" in errors(response)
    assert not Page.objects.exists()


def test_a_pdf_alone_is_refused_asking_for_the_image(editor_client):
    response = post_page(
        editor_client,
        edition=Edition.objects.create(date=DAY),
        pdf=SimpleUploadedFile("版面.pdf", TINY_PDF, "application/pdf"),
    )
    assert "请同时上传版面图片" in errors(response)


def test_a_second_page_with_the_same_number_is_refused(editor_client):
    page = make_page(DAY, 2)
    response = post_page(editor_client, edition=page.edition, number=2)
    assert "这一期已经有这个版次了" in response.content.decode()
    assert Page.objects.count() == 1


# ---------------------------------------------------------------- 热区


@pytest.fixture
def laid_out():
    page = make_page(DAY, 2)
    on_page = PublishedArticleFactory(headline="本版稿件", page=page, page_position=1)
    elsewhere = PublishedArticleFactory(headline="别版稿件")
    Hotspot.objects.create(
        page=page, article=on_page, left=0.1, top=0.1, width=0.5, height=0.2
    )
    return page, on_page, elsewhere


def spot(article, **box):
    return {
        "article": article,
        "left": 0.05,
        "top": 0.2,
        "width": 0.4,
        "height": 0.3,
        **box,
    }


def test_drawn_hotspots_replace_the_page_s(editor_client, laid_out):
    page, story, _ = laid_out
    drawn = [spot(story.pk), spot(story.pk, top=0.6)]
    response = post_page(editor_client, page, hotspots=json.dumps(drawn))
    assert response.status_code == 302, errors(response)
    assert sorted(page.hotspots.values_list("top", flat=True)) == [0.2, 0.6]


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ("{not json", "无法读取"),
        ('{"article": 1}', "无法读取"),
        ('["热区"]', "第 1 个热区无法读取"),
        ("elsewhere", "不在本版"),
        ("missing", "还没有选稿件"),
        ("true", "不在本版"),
        ("outside", "超出了版面图片的范围"),
        ("tiny", "太小了"),
        ("words", "必须是数字"),
        ("many", "最多 200 个热区"),
    ],
)
def test_bad_hotspots_are_refused_in_chinese_and_the_stored_ones_stay(
    editor_client, laid_out, posted, message
):
    page, story, elsewhere = laid_out
    cases = {
        "elsewhere": [spot(elsewhere.pk)],
        "missing": [spot(None)],
        "true": [spot(True)],
        "outside": [spot(story.pk, left=0.8)],
        "tiny": [spot(story.pk, height=0.001)],
        "words": [spot(story.pk, width="一半")],
        "many": [spot(story.pk)] * 201,
    }
    raw = json.dumps(cases[posted]) if posted in cases else posted
    response = post_page(editor_client, page, hotspots=raw)
    assert response.status_code == 200
    assert message in errors(response)
    assert list(page.hotspots.values_list("top", flat=True)) == [0.1]


def test_the_form_carries_the_stored_hotspots_and_the_page_s_stories(
    editor_client, laid_out
):
    page, story, elsewhere = laid_out
    response = editor_client.get(reverse("admin:articles_page_change", args=[page.pk]))
    html = response.content.decode()
    assert (
        json.loads(response.context["adminform"].form["hotspots"].value())[0]["article"]
        == story.pk
    )
    listed = re.search(r'id="hotspot-stories"[^>]*>(.*?)</script>', html, re.S)
    assert json.loads(listed.group(1)) == [{"id": story.pk, "label": "1．本版稿件"}]


def test_a_reporter_may_not_open_the_pages(client):
    client.force_login(UserFactory(role=roles.REPORTER))
    assert client.get(reverse("admin:articles_page_add")).status_code == 403


def test_the_story_form_offers_the_placement_to_editors_only(client):
    editor = UserFactory(role=roles.EDITOR)
    make_page(DAY, 2)
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "见报版面" in html and "2022-11-30 第2版 本地新闻" in html
    client.force_login(UserFactory(role=roles.REPORTER))
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "见报版面" not in html


# ----------------------------------------------------------- the readers


def page_url(day=DAY, number=2, name="articles:epaper-page"):
    return reverse(
        name,
        kwargs={"year": day.year, "month": day.month, "day": day.day, "number": number},
    )


def test_a_page_links_only_its_live_stories(client, laid_out):
    page, story, _ = laid_out
    draft = ArticleFactory(headline="尚未发布的稿件", page=page, page_position=2)
    Hotspot.objects.create(
        page=page, article=draft, left=0.1, top=0.5, width=0.5, height=0.2
    )
    html = client.get(page_url()).content.decode()
    assert html.count(story.get_absolute_url()) == 2  # its 热区 and the list
    assert "尚未发布的稿件" not in html
    assert draft.get_absolute_url() not in html
    assert 'class="epaper-spot"' in html and "本版稿件" in html


def test_the_edition_lists_its_pages_and_the_index_its_dates(client, laid_out):
    make_page(DAY, 1, name="要闻")
    html = client.get(
        reverse(
            "articles:epaper-edition", kwargs={"year": 2022, "month": 11, "day": 30}
        )
    ).content.decode()
    assert html.index("第1版 要闻") < html.index("第2版 本地新闻")
    assert "2022年11月30日" in client.get(reverse("articles:epaper")).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/epaper/2022/11/29/",
        "/epaper/2022/2/30/",
        "/epaper/2022/11/30/9/",
        "/epaper/2022/11/30/2/pdf/",  # no PDF uploaded
        "/epaper/2022/13/30/",
    ],
)
def test_missing_editions_pages_and_files_are_404(client, laid_out, url):
    assert client.get(url).status_code == 404


def test_an_edition_dated_after_today_is_not_shown(client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    make_page(tomorrow, 1)
    assert client.get(page_url(tomorrow, 1)).status_code == 404
    index = client.get(reverse("articles:epaper")).content.decode()
    assert Edition.objects.get().get_absolute_url() not in index


def test_the_page_pdf_downloads(client, laid_out):
    page, _, _ = laid_out
    from django.core.files.base import ContentFile

    page.pdf.save("p.pdf", ContentFile(TINY_PDF))
    response = client.get(page_url(name="articles:epaper-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == TINY_PDF
    assert page.get_pdf_url() in client.get(page_url()).content.decode()


def test_the_story_page_says_where_it_was_printed(client, laid_out):
    _, story, _ = laid_out
    html = client.get(story.get_absolute_url()).content.decode()
    assert "见报：" in html
    assert "2022年11月30日 第2版 本地新闻" in html
    assert page_url() in html


# ------------------------------------------------------------ the import

PAGE = """江城工人报 2027年1月2日 星期六
第1024期
第3版:工会新闻
本版编辑:程雅琴
江城新增服务站十个
1月1日，江城新增服务站十个，覆盖全部街道。
记者 林晓峰
职工书屋再添新书
1月1日，江城职工书屋新到图书两千册。
记者 韩立
"""


def test_the_importer_fills_the_edition_page_and_placements():
    report = import_page(PAGE)
    edition = Edition.objects.get()
    page = edition.pages.get()
    assert (edition.date, edition.number) == (datetime.date(2027, 1, 2), 1024)
    assert (page.number, page.name, page.editor_name) == (3, "工会新闻", "程雅琴")
    placed = [
        (a.headline, a.page_position) for a in page.articles.order_by("page_position")
    ]
    assert placed == [("江城新增服务站十个", 1), ("职工书屋再添新书", 2)]
    assert len(report.created) == 2


def test_an_import_fills_blanks_but_keeps_what_editors_set():
    edition = Edition.objects.create(date=datetime.date(2027, 1, 2))
    Page.objects.create(edition=edition, number=3, name="职工之家", editor_name="")
    Edition.objects.create(date=datetime.date(2027, 1, 1), number=1024)
    report = import_page(PAGE)
    page = Page.objects.get(edition=edition)
    assert (page.name, page.editor_name) == ("职工之家", "程雅琴")
    edition.refresh_from_db()
    assert edition.number is None
    assert any("总第1024期" in line for line in report.attention)


def test_a_page_without_a_printed_date_places_nothing():
    import_page(PAGE.replace("2027年1月2日", ""))
    assert not Edition.objects.exists()
    assert set(Article.objects.values_list("print_page", flat=True)) == {3}


def test_hotspots_posted_with_a_new_page_are_refused(editor_client):
    story = PublishedArticleFactory()
    response = post_page(
        editor_client,
        edition=Edition.objects.create(date=DAY),
        image=SimpleUploadedFile("版面.png", page_png(), "image/png"),
        hotspots=json.dumps([spot(story.pk)]),
    )
    assert "不在本版" in errors(response)
    assert not Page.objects.exists()
