"""The data model: bylines as printed, 字数, sanitised bodies, identities."""

import pytest
from django.db import IntegrityError, transaction
from taggit.models import Tag

from accounts.models import Correspondent
from articles.models import Article, Credit, format_byline
from articles.tagging import parse_tags
from articles.text import clean_text, count_characters

from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    OrganisationFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


def credit(article, name, role, kind=Correspondent.Kind.STAFF):
    person = CorrespondentFactory(name=name, kind=kind)
    position = article.credits.count()
    return CreditFactory(
        article=article, correspondent=person, role=role, position=position
    )


@pytest.mark.parametrize(
    ("credits", "printed"),
    [
        (
            [
                ("蒋梦柯", "correspondent"),
                ("邵一帆", "correspondent"),
                ("柯国栋", "correspondent"),
                ("程立言", "reporter"),
            ],
            "通讯员 蒋梦柯 邵一帆 柯国栋 记者 程立言",
        ),
        ([("程立言", "reporter")], "记者 程立言"),
        (
            [("陆鸣", "correspondent"), ("程立言", "reporter")],
            "通讯员 陆鸣 记者 程立言",
        ),
        ([("澄女工", "")], "澄女工"),
        ([("程立言", "photo"), ("许航", "photo")], "程立言 许航 摄"),
        ([("张三", "text_photo")], "文/摄 张三"),
        ([("顾明", "special")], "特约 顾明"),
        ([("顾明", "special_writer")], "特约撰稿 顾明"),
        # A role that comes back after another starts a new run.
        (
            [("甲", "reporter"), ("乙", "correspondent"), ("丙", "reporter")],
            "记者 甲 通讯员 乙 记者 丙",
        ),
        ([], ""),
    ],
)
def test_byline_prints_the_papers_own_form(credits, printed):
    article = ArticleFactory()
    for name, role in credits:
        credit(article, name, role)
    assert article.byline() == printed


def test_byline_follows_position_not_creation_order():
    article = ArticleFactory()
    CreditFactory(
        article=article, correspondent__name="程立言", role="reporter", position=2
    )
    CreditFactory(
        article=article, correspondent__name="陆鸣", role="correspondent", position=1
    )
    assert article.byline() == "通讯员 陆鸣 记者 程立言"


def test_photo_credit_line():
    photo = PhotoFactory()
    for position, name in enumerate(["程立言", "许航"]):
        CreditFactory(
            photo=photo, correspondent__name=name, role="photo", position=position
        )
    assert photo.credit_line() == "程立言 许航 摄"


def test_credit_belongs_to_exactly_one_of_article_or_photo():
    article, photo = ArticleFactory(), PhotoFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditFactory(article=article, photo=photo)
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditFactory(article=None, photo=None)


def test_format_byline_accepts_any_sequence_of_credits():
    person = Correspondent(name="程立言")
    assert (
        format_byline([Credit(correspondent=person, role="reporter")]) == "记者 程立言"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>11月23日，江城市总工会召开会议。</p>", 14),  # 月日, 10 Han, ，。
        ("<p>“十全”服务</p>", 6),
        ("<p>Hello world 2023</p>", 0),
        ("<p>工会</p><p>维权</p>", 4),
        ("<p>&nbsp;&lt;工会&gt;</p>", 2),  # < and > are symbols, not punctuation
        ("", 0),
        ("<p>全角空格\u3000不计</p>", 6),
    ],
)
def test_character_count_is_han_plus_punctuation(body, expected):
    assert count_characters(body) == expected


def test_character_count_is_kept_on_save():
    article = ArticleFactory(body="<p>工会服务职工。</p>")
    assert article.char_count == 7
    article.body = "<p>工会。</p>"
    article.save()
    article.refresh_from_db()
    assert article.char_count == 3


@pytest.mark.parametrize(
    "dirty",
    [
        '<p>正文</p><script>alert("x")</script>',
        '<p onclick="alert(1)">正文</p>',
        '<p>正文<img src=x onerror="alert(1)"></p>',
        '<p><a href="javascript:alert(1)">正文</a></p>',
        '<p>正文</p><iframe src="//evil.example"></iframe>',
        "<p>正文</p><svg><script>alert(1)</script></svg>",
        '<p style="background:url(javascript:alert(1))">正文</p>',
        "<p>正文</p><object data=x></object><embed src=x>",
        '<p>正文</p><form action="/x"><input name=a></form>',
        '<p><a href="data:text/html;base64,PHNjcmlwdD4=">正文</a></p>',
    ],
)
def test_body_is_sanitised_on_save_whoever_saves_it(dirty):
    article = ArticleFactory(body=dirty)
    article.refresh_from_db()
    lowered = article.body.lower()
    for forbidden in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<svg",
        "style=",
        "<object",
        "<embed",
        "<form",
        "data:",
    ):
        assert forbidden not in lowered
    assert "正文" in article.body


def test_body_keeps_the_formatting_editors_use():
    html = (
        "<h2>小标题</h2><p><strong>加粗</strong><em>斜体</em></p>"
        "<ul><li>一</li></ul><blockquote><p>引文</p></blockquote>"
        '<p><a href="https://example.com/">链接</a></p>'
    )
    article = ArticleFactory(body=html)
    article.refresh_from_db()
    for kept in (
        "<h2>",
        "<strong>",
        "<em>",
        "<ul>",
        "<li>",
        "<blockquote>",
        'href="https://example.com/"',
    ):
        assert kept in article.body


def test_every_naughty_string_survives_as_text_in_headline_and_body(blns):
    for text in blns:
        article = ArticleFactory(headline=text[:120] or "空", body=f"<p>{text}</p>")
        article.refresh_from_db()
        # Control characters are dropped on save (articles.stored_text).
        assert article.headline == clean_text(text[:120] or "空")
        assert "<script" not in article.body.lower()


def test_two_people_with_one_name_are_two_records():
    steel = OrganisationFactory(name="江城钢铁集团")
    staff = CorrespondentFactory(name="李强")
    outside = CorrespondentFactory(
        name="李强", kind=Correspondent.Kind.CORRESPONDENT, affiliation=steel
    )
    assert staff.pk != outside.pk
    assert staff.slug == "李强"
    assert outside.slug == "李强-2"
    assert str(outside) == "李强（江城钢铁集团）"
    assert outside.get_absolute_url() != staff.get_absolute_url()


def test_correspondent_name_whitespace_is_normalised():
    person = CorrespondentFactory(name="  吴\u3000文龙  ")
    assert person.name == "吴 文龙"


def test_chinese_tags_keep_chinese_slugs():
    article = ArticleFactory()
    article.tags.add("工会", "光伏")
    assert set(Tag.objects.values_list("slug", flat=True)) == {"工会", "光伏"}


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("工会，维权", ["工会", "维权"]),
        ("工会、维权、光伏", ["光伏", "工会", "维权"]),
        ("工会, 维权", ["工会", "维权"]),
        ("工会；维权", ["工会", "维权"]),
        ("", []),
    ],
)
def test_tags_split_on_chinese_separators(typed, tags):
    assert sorted(parse_tags(typed)) == sorted(tags)


def test_published_queryset_excludes_everything_not_live():
    from django.utils import timezone

    now = timezone.now()
    live = ArticleFactory(
        status="published", publish_at=now - timezone.timedelta(minutes=1)
    )
    ArticleFactory(status="published", publish_at=now + timezone.timedelta(hours=1))
    ArticleFactory(status="published", publish_at=None)
    for status in ("draft", "submitted", "returned", "approved", "withdrawn"):
        ArticleFactory(status=status, publish_at=now - timezone.timedelta(days=1))
    assert list(Article.objects.published()) == [live]
    assert live.is_live()


def test_article_url_is_id_based_and_survives_a_headline_edit():
    article = ArticleFactory(headline="旧标题")
    url = article.get_absolute_url()
    article.headline = "新标题"
    article.save()
    assert article.get_absolute_url() == url == f"/article/{article.pk}/"


@pytest.mark.parametrize(
    "name",
    ["../../x.jpg", "..\\x.jpg", "x.php.jpg", "新闻图片.jpg", "a" * 300 + ".jpg"],
)
def test_uploaded_photos_are_stored_under_generated_names(name):
    from django.core.files.base import ContentFile

    from .factories import jpeg_bytes

    photo = PhotoFactory(image=ContentFile(jpeg_bytes(), name=name))
    stored = photo.image.name
    assert stored.startswith("photos/")
    assert ".." not in stored and "\\" not in stored and "php" not in stored
    assert len(stored) < 100
    assert (photo.width, photo.height) == (64, 48)
    assert len(photo.checksum) == 64
