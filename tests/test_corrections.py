"""更正: who may add one to which story, through its own admin page; what a
refused or badly typed one leaves (nothing, and the text still in the box);
and the reader's page showing it with its date, fresh from the page cache."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles import corrections, workflow
from articles.models import Correction

from .workflow_helpers import change_form, make_newsroom

pytestmark = pytest.mark.django_db

NOTE = "原稿中“12家”应为“21家”，特此更正。"
NOT_LIVE = "只有已发布的稿件可以加更正。"
NO_RIGHT = "只有编辑、部门主任和总编辑可以给稿件加更正。"


@pytest.fixture
def people():
    return make_newsroom()


def page_url(article):
    return reverse("admin:articles_article_correct", args=[article.pk])


def post(client, user, article, text):
    client.force_login(user)
    return client.post(page_url(article), {"text": text})


@pytest.mark.parametrize("who", ["editor", "desk", "chief"])
def test_reviewers_and_the_publisher_add_a_correction(people, client, who):
    user = getattr(people, who)
    article = people.story("published", headline="全市新增职工服务站")
    version = article.version
    response = post(client, user, article, f"  {NOTE}\n")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    correction = Correction.objects.get(article=article)
    assert (correction.text, correction.created_by) == (NOTE, user)
    event = article.events.last()
    assert (event.action, event.actor, event.comment) == ("correct", user, NOTE)
    assert workflow.step_label(event) == "添加更正"
    article.refresh_from_db()
    assert article.version == version  # a note, not an edit
    assert article.status == "published"
    change_page = client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    assert "已给《全市新增职工服务站》加上更正" in change_page.content.decode()
    assert "添加更正" in [e.step for e in change_page.context["events"]]


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_the_reader_page_shows_it_with_its_date_at_once(
    people, client, django_capture_on_commit_callbacks
):
    article = people.story("published")
    url = article.get_absolute_url()
    assert NOTE not in client.get(url).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        post(client, people.editor, article, NOTE)
    client.logout()
    html = client.get(url).content.decode()
    correction = Correction.objects.get()
    day = timezone.localtime(correction.created_at)
    assert f"（{day.year}年{day.month}月{day.day}日）：{NOTE}" in html


def test_the_page_names_the_story_and_lists_its_corrections(people, client):
    article = people.story("published", headline="全市新增职工服务站")
    Correction.objects.create(
        article=article,
        text="第二段的日期应为11月23日。",
        created_at=timezone.make_aware(timezone.datetime(2026, 11, 24, 9, 30)),
        created_by=people.chief,
    )
    client.force_login(people.editor)
    response = client.get(page_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>给《全市新增职工服务站》加更正</h1>" in html
    assert "2026年11月24日 09:30" in html and "第二段的日期应为11月23日。" in html
    assert 'name="text"' in html and "maxlength" not in html
    assert 'value="保存"' in html


def test_a_story_without_corrections_says_so(people, client):
    article = people.story("published")
    client.force_login(people.editor)
    assert "这篇稿件还没有更正。" in client.get(page_url(article)).content.decode()


@pytest.mark.parametrize(
    "state", ["draft", "returned", "stage1", "approved", "scheduled", "withdrawn"]
)
def test_only_a_live_story_takes_a_correction(people, client, state):
    article = people.story(state)
    response = post(client, people.chief, article, NOTE)
    assert response.status_code == 403
    assert NOT_LIVE in response.content.decode()
    assert not Correction.objects.exists()
    assert not article.events.filter(action="correct").exists()
    shown = client.get(page_url(article))
    assert NOT_LIVE in shown.content.decode()
    assert 'name="text"' not in shown.content.decode()


@pytest.mark.parametrize("who", ["author", "reporter"])
def test_reporters_are_refused_in_chinese(people, client, who):
    article = people.story("published")
    user = getattr(people, who)
    response = post(client, user, article, NOTE)
    assert response.status_code == 403
    assert NO_RIGHT in response.content.decode()
    assert not Correction.objects.exists()
    assert client.get(page_url(article)).status_code == 403


def test_a_correspondent_cannot_see_someone_elses_story_at_all(people, client):
    article = people.story("published")
    assert post(client, people.outsider, article, NOTE).status_code == 404
    assert not Correction.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(people, client):
    article = people.story("published")
    response = client.post(page_url(article), {"text": NOTE})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Correction.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_correction_is_refused(people, client, text):
    article = people.story("published")
    response = post(client, people.editor, article, text)
    assert response.status_code == 200
    assert "请写明更正的内容。" in response.content.decode()
    assert not Correction.objects.exists()


def test_an_overlong_correction_is_refused_and_the_text_kept(people, client):
    article = people.story("published")
    limit = corrections.TEXT_MAX_LENGTH
    text = "更" * (limit + 1)
    response = post(client, people.editor, article, text)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"更正最多 {limit} 个字，现在是 {limit + 1} 个字。" in html
    assert f"{text}</textarea>" in html
    assert not Correction.objects.exists()
    assert post(client, people.editor, article, text[:-1]).status_code == 302
    assert Correction.objects.get().text == text[:-1]


def test_markup_in_a_correction_is_text_everywhere(people, client):
    article = people.story("published")
    text = '<script>alert("x")</script>原稿有误'
    post(client, people.editor, article, text)
    assert Correction.objects.get().text == text
    for url in (page_url(article), article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;原稿有误" in html


def test_the_story_page_offers_it_only_where_it_may_be_used(people, client):
    live = people.story("published")
    draft = people.story("approved")
    link = 'class="nr-correctlink"'

    def change_page(user, article):
        client.force_login(user)
        url = reverse("admin:articles_article_change", args=[article.pk])
        return client.get(url).content.decode()

    assert link in change_page(people.editor, live)
    assert page_url(live) in change_page(people.chief, live)
    assert link not in change_page(people.editor, draft)
    assert link not in change_page(people.author, live)


def test_the_story_form_lists_corrections_but_adds_none(people, client):
    article = people.story("published")
    client.force_login(people.chief)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    assert 'id="corrections-group"' not in client.get(change_url).content.decode()
    post(client, people.chief, article, NOTE)
    html = client.get(change_url).content.decode()
    group = html[html.index('id="corrections-group"') :]
    assert NOTE in group[: group.index('class="nr-timeline"')]
    assert 'name="corrections-0-text"' not in html  # read-only
    assert "corrections-__prefix__" not in html  # no empty row to add


def test_a_story_withdrawn_meanwhile_takes_no_correction(people):
    article = people.story("published")
    stale = type(article).objects.get(pk=article.pk)
    workflow.withdraw(article, by=people.chief, reason="消息有误")
    with pytest.raises(workflow.NotAllowed, match=NOT_LIVE):
        corrections.add_correction(stale, by=people.editor, text=NOTE)
    assert not Correction.objects.exists()


def test_the_chief_still_edits_a_corrected_story(people, client):
    article = people.story("published")
    post(client, people.chief, article, NOTE)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    html = client.get(change_url).content.decode()
    # The corrections' rows as the browser posts them (management form, ids).
    rows = dict(
        re.findall(
            r'<input type="hidden" name="(corrections-[^"]+)" value="([^"]*)"', html
        )
    )
    assert rows["corrections-INITIAL_FORMS"] == "1"
    data = change_form(article, headline="改过的标题")
    data.update(rows)
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.headline == "改过的标题"
    assert Correction.objects.get().text == NOTE
