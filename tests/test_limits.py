"""A story's limits (articles/limits.py) as product decisions: a body of
200,000 characters, 100 photos, 50 names in a byline. Checked by the
model's validation and the story form, in Chinese, with the typed text kept
on the form; the request limits leave room for a story at its limits; what
is larger still gets a Chinese page (413, 400), never Django's bare English
"Bad Request (400)". And the 403 pages, in the same style."""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import roles
from accounts.models import Correspondent
from articles import limits
from articles.models import Article, ArticlePhoto, Credit, Photo

from .factories import ArticleFactory, CreditFactory, UserFactory
from .workflow_helpers import change_form, change_url, make_newsroom

pytestmark = pytest.mark.django_db

HAN = "江"


def body_of(characters):
    """A body exactly `characters` long, markup counted."""
    return "<p>" + HAN * (characters - 7) + "</p>"


@pytest.fixture
def people():
    return make_newsroom()


@pytest.fixture
def author(client, people):
    client.force_login(people.author)
    return client


def photos_of(user, count):
    return Photo.objects.bulk_create(
        Photo(image=f"photos/limit-{i}.jpg", caption=f"第{i}张", uploaded_by=user)
        for i in range(count)
    )


def people_named(count):
    start = Correspondent.objects.count()
    return Correspondent.objects.bulk_create(
        Correspondent(name=f"署名{i}", slug=f"limit-{i}", kind=Correspondent.Kind.STAFF)
        for i in range(start, start + count)
    )


def credit_rows(story, people_list):
    """New byline rows as the browser posts them (an unticked 删除 is not
    sent)."""
    rows = {"credits-TOTAL_FORMS": str(len(people_list))}
    for i, person in enumerate(people_list):
        rows |= {
            f"credits-{i}-id": "",
            f"credits-{i}-article": str(story.pk),
            f"credits-{i}-role": Credit.Role.REPORTER,
            f"credits-{i}-correspondent": str(person.pk),
            f"credits-{i}-position": str(i + 2),
        }
    return rows


def photo_rows(story, photos):
    rows = {"article_photos-TOTAL_FORMS": str(len(photos))}
    for i, photo in enumerate(photos):
        rows |= {
            f"article_photos-{i}-id": "",
            f"article_photos-{i}-article": str(story.pk),
            f"article_photos-{i}-photo": str(photo.pk),
            f"article_photos-{i}-caption": "",
            f"article_photos-{i}-position": str(i + 1),
        }
    return rows


# The model's validation ---------------------------------------------------


def test_the_model_refuses_a_body_over_the_limit_in_chinese():
    story = ArticleFactory.build(body=body_of(limits.MAX_BODY_CHARS))
    story.clean()  # at the limit: accepted
    story.body = body_of(limits.MAX_BODY_CHARS + 1)
    with pytest.raises(ValidationError) as refusal:
        story.clean()
    message = refusal.value.message_dict["body"][0]
    assert "最多 200,000 个字符" in message and "现在是 200,001 个" in message


def test_the_model_refuses_a_credit_past_the_limit():
    story = ArticleFactory()
    for person in people_named(limits.MAX_CREDITS):
        CreditFactory(article=story, correspondent=person)
    extra = Credit(article=story, correspondent=people_named(1)[0])
    with pytest.raises(ValidationError, match="一个署名最多 50 人"):
        extra.full_clean()
    Credit.objects.filter(article=story).first().full_clean()  # saved rows pass


def test_the_model_refuses_a_photo_past_the_limit():
    story = ArticleFactory()
    photos = photos_of(None, limits.MAX_PHOTOS + 1)
    ArticlePhoto.objects.bulk_create(
        ArticlePhoto(article=story, photo=photo, position=i)
        for i, photo in enumerate(photos[:-1])
    )
    with pytest.raises(ValidationError, match="一篇稿件最多 100 张图片"):
        ArticlePhoto(article=story, photo=photos[-1]).full_clean()


# The story form -------------------------------------------------------------


def test_a_story_at_every_limit_saves_even_url_encoded(author, people):
    """The request limits fit a story at its limits in the costliest
    encoding (a Chinese character URL-encoded is 9 bytes)."""
    story = people.story("draft")  # one credit already: the author's
    data = change_form(
        story,
        body=body_of(limits.MAX_BODY_CHARS),
        **credit_rows(story, people_named(limits.MAX_CREDITS - 1)),
        **photo_rows(story, photos_of(people.author, limits.MAX_PHOTOS)),
        _continue="1",
    )
    response = author.post(
        change_url(story),
        urlencode(data),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert len(story.body) == limits.MAX_BODY_CHARS
    assert story.credits.count() == limits.MAX_CREDITS
    assert story.article_photos.count() == limits.MAX_PHOTOS


def test_a_body_over_the_limit_is_refused_on_the_form_with_the_text_kept(
    author, people
):
    story = people.story("draft")
    typed = body_of(limits.MAX_BODY_CHARS + 500)
    response = author.post(change_url(story), change_form(story, body=typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "正文太长：最多 200,000 个字符" in page
    assert "现在是 200,500 个" in page
    form = response.context["adminform"].form
    assert form["body"].value() == typed  # the typed text is on the form
    story.refresh_from_db()
    assert story.body != typed and story.version == 1


def test_a_story_stored_oversized_can_be_opened_and_trimmed(author, people):
    """A 1.5-million-character body that got in through the ORM: the form
    opens, a save says what to do, and the trimmed body saves."""
    story = people.story("draft")
    Article.objects.filter(pk=story.pk).update(body=body_of(1_500_000))
    assert author.get(change_url(story)).status_code == 200
    story.refresh_from_db()
    refused = author.post(change_url(story), change_form(story))
    assert "正文太长" in refused.content.decode()
    trimmed = author.post(change_url(story), change_form(story, body=body_of(150_000)))
    assert trimmed.status_code == 302
    story.refresh_from_db()
    assert len(story.body) == 150_000


def test_too_many_bylines_are_refused_by_the_form(author, people):
    story = people.story("draft")
    data = change_form(
        story, **credit_rows(story, people_named(limits.MAX_CREDITS + 1))
    )
    response = author.post(change_url(story), data)
    assert response.status_code == 200
    assert "一个署名最多 50 人，请删去多余的署名。" in response.content.decode()
    assert story.credits.count() == 1


def test_too_many_photos_are_refused_by_the_form(author, people):
    story = people.story("draft")
    data = change_form(
        story, **photo_rows(story, photos_of(people.author, limits.MAX_PHOTOS + 1))
    )
    response = author.post(change_url(story), data)
    assert response.status_code == 200
    assert "一篇稿件最多 100 张图片，请删去多余的图片。" in response.content.decode()
    assert not story.article_photos.exists()


# Refused before the form: the Chinese pages ---------------------------------


def test_a_request_over_the_size_limit_gets_the_chinese_413_page(author, people):
    story = people.story("draft")
    huge = body_of(4_000_000)  # 12 MB as UTF-8
    response = author.post(change_url(story), change_form(story, body=huge))
    assert response.status_code == 413
    page = response.content.decode()
    assert "提交的内容太大" in page and "10 MB" in page
    assert "200,000 个字符" in page
    assert f'href="{change_url(story)}"' in page  # back to the form
    assert "Bad Request" not in page
    story.refresh_from_db()
    assert story.version == 1


def test_too_many_fields_get_the_chinese_400_page(author, people):
    story = people.story("draft")
    data = change_form(story) | {f"extra-{i}": "x" for i in range(5_001)}
    response = author.post(change_url(story), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "栏目太多" in page and "5,000" in page
    assert "Bad Request" not in page


def test_a_bad_host_gets_the_chinese_400_page(client):
    response = client.get("/", HTTP_HOST="not-ours.example")
    assert response.status_code == 400
    assert "无法处理这次请求" in response.content.decode()


def test_a_forbidden_page_gets_the_chinese_403_page(client):
    client.force_login(UserFactory(role=roles.CORRESPONDENT))
    response = client.get(reverse("admin:articles_article_import"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "没有权限" in page and "联系总编辑" in page
    assert 'class="masthead' in page  # the site's own page


def test_a_stale_form_token_gets_the_chinese_403_page(people):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.author)
    story = people.story("draft")
    response = browser.post(change_url(story), change_form(story))
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page and "恢复" in page
    assert "CSRF" not in page


def test_rows_saved_but_not_posted_count_toward_the_limit(author, people):
    """A form opened before 39 names were added elsewhere posts 11 new ones:
    each row alone fits, and so do the 11 posted, but the story would have
    51. Refused, in the same words."""
    story = people.story("draft")  # the author's credit
    for person in people_named(39):
        CreditFactory(article=story, correspondent=person)
    data = change_form(story, **credit_rows(story, people_named(11)))
    response = author.post(change_url(story), data)
    assert response.status_code == 200
    assert "一个署名最多 50 人，请删去多余的署名。" in response.content.decode()
    assert story.credits.count() == 40
