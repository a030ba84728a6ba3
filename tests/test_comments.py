"""Editorial comments on a story: threads beside the form, quotes of the
body, @mentions that notify, resolving; who may and what is refused."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from articles.models import Comment, CommentReply, Notification

from .factories import UserFactory
from .workflow_helpers import make_newsroom

pytestmark = pytest.mark.django_db

PANEL = {"HTTP_X_NEWSROOM_PANEL": "1"}
BODY = "<p>11月23日，江城市总工会召开会议。</p><p>会上表彰了二十名劳动模范。</p>"


@pytest.fixture
def people():
    return make_newsroom()


@pytest.fixture
def story(people):
    return people.story("stage1", body=BODY)


def comment_url(story):
    return reverse("admin:articles_article_comment", args=[story.pk])


def action_url(story, comment, action):
    return reverse(
        "admin:articles_article_comment_action", args=[story.pk, comment.pk, action]
    )


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def test_a_comment_quoting_the_body_shows_in_the_panel_beside_the_form(
    people, story, client
):
    client.force_login(people.editor)
    response = client.post(
        comment_url(story),
        {"text": "这一句的时间要核实。", "quote": "11月23日，江城市总工会召开会议。"},
        **PANEL,
    )
    assert response.status_code == 200
    comment = Comment.objects.get()
    assert (comment.author, comment.article) == (people.editor, story)
    assert comment.quote == "11月23日，江城市总工会召开会议。"
    html = response.content.decode()
    assert "这一句的时间要核实。" in html and "nr-talk-quoted" in html
    # The story's page: the panel is the sidebar, outside the story's form.
    page = client.get(change_url(story)).content.decode()
    form_end = page.index("</form>", page.index('id="article_form"'))
    assert page.index('id="nr-talk"') > form_end
    assert "这一句的时间要核实。" in page and "1 条未解决" in page
    assert not story.events.exclude(action__in=["submit"]).exists()  # no sign-off


def test_a_quote_across_paragraphs_is_accepted_without_its_line_break(
    people, story, client
):
    client.force_login(people.author)
    response = client.post(
        comment_url(story),
        {"text": "两段连起来看。", "quote": "召开会议。\n会上表彰了"},
        **PANEL,
    )
    assert response.status_code == 200
    assert Comment.objects.get().quote == "召开会议。\n会上表彰了"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"text": ""}, "请写下评论内容。"),
        ({"text": "   \n "}, "请写下评论内容。"),
        ({"text": "字" * 2001}, "评论最多 2000 字，现在是 2001 字。"),
        ({"text": "看这里", "quote": "字" * 501}, "引用最多 500 字，现在是 501 字。"),
        ({"text": "看这里", "quote": "正文里没有的话"}, "引用的文字不在已保存的正文里"),
        # Control characters only (a paste from a broken file): nothing left.
        ({"text": "\x00\x07\x1b"}, "请写下评论内容。"),
    ],
)
def test_bad_comments_are_refused_with_a_chinese_error_and_the_text_kept(
    people, story, client, fields, error
):
    client.force_login(people.editor)
    response = client.post(comment_url(story), fields, **PANEL)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert not Comment.objects.exists()
    if fields["text"].strip() and fields["text"].isprintable():
        assert fields["text"][:50] in html  # what was typed is still in the box


def test_without_script_a_refused_comment_comes_back_as_a_message(
    people, story, client
):
    client.force_login(people.editor)
    response = client.post(comment_url(story), {"text": ""}, follow=True)
    assert response.redirect_chain[-1][0].endswith(change_url(story) + "#nr-talk")
    assert "请写下评论内容。" in response.content.decode()


def test_replies_and_resolving_record_who_and_when(people, story, client):
    thread = Comment.objects.create(article=story, author=people.editor, text="请核实")
    client.force_login(people.author)
    response = client.post(
        action_url(story, thread, "reply"), {"text": "已核实，是23日。"}, **PANEL
    )
    assert response.status_code == 200
    assert CommentReply.objects.get().author == people.author
    assert (
        client.post(
            action_url(story, thread, "reply"), {"text": ""}, **PANEL
        ).status_code
        == 400
    )
    client.force_login(people.editor)
    response = client.post(action_url(story, thread, "resolve"), **PANEL)
    thread.refresh_from_db()
    assert thread.resolved_by == people.editor and thread.resolved_at is not None
    assert "已解决 · " in response.content.decode()
    assert "0 条未解决" in response.content.decode()
    client.post(action_url(story, thread, "reopen"), **PANEL)
    thread.refresh_from_db()
    assert thread.resolved_at is None and thread.resolved_by is None


def test_a_bystander_may_not_resolve_someone_elses_thread(people, story, client):
    thread = Comment.objects.create(article=story, author=people.editor, text="请核实")
    client.force_login(people.reporter)  # another reporter: not author, not editor
    response = client.post(action_url(story, thread, "resolve"), **PANEL)
    assert response.status_code == 400
    assert (
        "只有发起讨论的人、稿件作者或编辑可以标记为已解决" in response.content.decode()
    )
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_a_thread_is_reached_only_through_its_own_story(people, story, client):
    other = people.story("stage1", headline="另一篇")
    thread = Comment.objects.create(article=other, author=people.editor, text="别处的")
    client.force_login(people.editor)
    response = client.post(action_url(story, thread, "resolve"), **PANEL)
    assert response.status_code == 404
    assert client.post(action_url(story, thread, "delete"), **PANEL).status_code == 404
    assert client.get(comment_url(story)).status_code == 405


def test_a_correspondent_sees_and_joins_only_threads_of_their_own_stories(
    people, client
):
    own = people.story("draft")
    own.created_by = people.outsider
    own.save(update_fields=["created_by"])
    theirs = people.story("stage1", headline="别人的稿件")
    Comment.objects.create(article=own, author=people.editor, text="请补一张照片")
    Comment.objects.create(article=theirs, author=people.editor, text="内部讨论")
    client.force_login(people.outsider)
    page = client.get(change_url(own)).content.decode()
    assert "请补一张照片" in page and "内部讨论" not in page
    assert client.post(comment_url(own), {"text": "好的"}, **PANEL).status_code == 200
    response = client.post(comment_url(theirs), {"text": "我也说两句"}, **PANEL)
    assert response.status_code == 404
    assert not Comment.objects.filter(article=theirs, author=people.outsider).exists()


def test_mentions_notify_the_people_named_once_the_comment_is_saved(
    people, story, client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_SEND_EMAIL = True
    chinese = UserFactory(username="林晓峰", role=roles.EDITOR, email="lin@x.cn")
    client.force_login(people.desk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(
            comment_url(story),
            # A name run on into the sentence, a name twice, one unknown
            # name, and the writer naming themselves.
            {"text": "@林晓峰请看第二段，@author 也看看。@林晓峰 @nobody @desk"},
            **PANEL,
        )
    notes = Notification.objects.filter(message__contains="提到了您")
    assert {n.recipient for n in notes} == {chinese, people.author}
    assert all(
        n.message.startswith(f"{people.desk}在《{story.headline}》") for n in notes
    )
    assert len(callbacks) == 2  # the mail waits for the commit
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.cn", "lin@x.cn"]


def test_a_mention_does_not_reach_a_correspondent_who_may_not_open_the_story(
    people, story, client
):
    client.force_login(people.editor)
    client.post(comment_url(story), {"text": "@outsider 你看看"}, **PANEL)
    assert Comment.objects.exists()
    assert not Notification.objects.filter(recipient=people.outsider).exists()
    assert Notification.objects.filter(message__contains="提到了您").count() == 0


def test_a_refused_comment_notifies_nobody(people, story, client):
    client.force_login(people.editor)
    client.post(
        comment_url(story), {"text": "@author 看", "quote": "不在正文里"}, **PANEL
    )
    assert not Notification.objects.filter(message__contains="提到了您").exists()
