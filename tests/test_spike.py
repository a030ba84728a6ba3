"""废稿: who may spike and restore which stories, what a spiked story leaves,
and that nothing in the newsroom's admin hard-deletes a story."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import spike, workflow
from articles.models import Article, Notification
from articles.reader import preview

from .workflow_helpers import make_newsroom

pytestmark = pytest.mark.django_db

ONLY_DRAFTS = "只有草稿和退回的稿件可以作废；这篇稿件现在是"


@pytest.fixture
def people():
    return make_newsroom()


def changelist(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("admin:articles_article_changelist") + query)
    assert response.status_code == 200
    return [a.pk for a in response.context["cl"].result_list]


def test_the_author_spikes_a_draft_with_a_reason_and_it_is_logged(people):
    article = people.story("draft")
    spike.spike(article, by=people.author, reason="  选题撞车，  改发简讯。 ")
    article.refresh_from_db()
    assert article.spiked_at is not None and article.spiked_by == people.author
    assert article.spike_reason == "选题撞车， 改发简讯。"
    assert article.status == Article.Status.DRAFT  # not a workflow state
    event = article.events.get()
    assert (event.action, event.actor, event.comment) == (
        "spike",
        people.author,
        "选题撞车， 改发简讯。",
    )
    assert event.get_action_display() == "作为废稿"


def test_an_editor_restores_a_spiked_story_to_the_state_it_was_in(people):
    article = people.story("returned")
    spike.spike(article, by=people.author)
    spike.restore(article, by=people.editor)
    article.refresh_from_db()
    assert article.spiked_at is None and article.spiked_by is None
    assert article.status == Article.Status.RETURNED
    assert [e.action for e in article.events.all()][-2:] == ["spike", "restore"]
    # Back in play: the author can submit it again.
    workflow.submit(article, by=people.author)
    assert article.status == Article.Status.SUBMITTED


@pytest.mark.parametrize(
    ("state", "actor", "refusal"),
    [
        ("stage1", "author", f"{ONLY_DRAFTS}“待审”。"),
        ("approved", "chief", f"{ONLY_DRAFTS}“已签发”。"),
        ("published", "chief", f"{ONLY_DRAFTS}“已发布”。"),
        ("draft", "reporter", "只有稿件的作者或编辑可以把它作为废稿。"),
        ("draft", "outsider", "只有稿件的作者或编辑可以把它作为废稿。"),
    ],
)
def test_spiking_is_refused_with_a_reason_a_person_can_act_on(
    people, state, actor, refusal
):
    article = people.story(state)
    with pytest.raises(workflow.NotAllowed) as error:
        spike.spike(article, by=getattr(people, actor))
    assert str(error.value.args[0]) == refusal
    article.refresh_from_db()
    assert article.spiked_at is None and not article.events.filter(action="spike")


def test_an_editor_may_spike_someone_elses_draft(people):
    article = people.story("draft")
    spike.spike(article, by=people.editor, reason="重复稿")
    assert Article.objects.spiked().get() == article


def test_restoring_is_for_editors_and_only_for_spiked_stories(people):
    article = people.story("draft")
    with pytest.raises(workflow.NotAllowed, match="不是废稿"):
        spike.restore(article, by=people.editor)
    spike.spike(article, by=people.author)
    for who in (people.author, people.reporter, people.outsider):
        with pytest.raises(workflow.NotAllowed, match="只有编辑可以恢复废稿"):
            spike.restore(article, by=who)
    with pytest.raises(workflow.NotAllowed, match="已经是废稿"):
        spike.spike(article, by=people.author)


def test_a_too_long_reason_is_refused_and_nothing_changes(people):
    article = people.story("draft")
    with pytest.raises(ValidationError, match="最多 200 个字，现在是 201 个字"):
        spike.spike(article, by=people.author, reason="废" * 201)
    article.refresh_from_db()
    assert article.spiked_at is None


def test_a_spiked_story_takes_no_workflow_step_and_no_edit(people):
    article = people.story("draft")
    spike.spike(article, by=people.author)
    with pytest.raises(workflow.NotAllowed, match="已作为废稿，恢复后才能提交审稿"):
        workflow.submit(article, by=people.author)
    assert workflow.available(article, people.author) == []
    assert workflow.edit_refusal(article, people.author) == (
        "这篇稿件已作为废稿，编辑恢复后才能修改。"
    )


def test_a_spiked_story_is_never_public(people, client):
    article = people.story("draft")
    spike.spike(article, by=people.author)
    # Even a row forced to published (no workflow path leads there) stays off
    # the site.
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, publish_at=article.created_at
    )
    article.refresh_from_db()
    assert not article.is_live()
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_spiked_story_leaves_the_story_list_search_and_dashboards(people, client):
    kept = people.story("draft", headline="保留的稿件")
    spiked = people.story("draft", headline="要作废的稿件")
    Notification.objects.create(
        recipient=people.author, article=spiked, message="《要作废的稿件》通知"
    )
    spike.spike(spiked, by=people.author)
    assert changelist(client, people.author) == [kept.pk]
    assert changelist(client, people.author, "?q=作废") == []
    searched = client.get(reverse("admin:articles_article_changelist") + "?q=稿件")
    assert searched.context["cl"].full_result_count == 1  # "1 in all", not 2
    assert changelist(client, people.editor) == [kept.pk]
    client.force_login(people.author)
    dashboard = workflow.dashboard(people.author)
    assert [a.pk for a in dashboard["mine"]] == [kept.pk]
    assert list(dashboard["notifications"]) == []
    home = client.get(reverse("admin:index")).content.decode()
    assert "要作废的稿件" not in home and "保留的稿件" in home


def test_editors_find_the_spiked_stories_under_a_filter_others_do_not(people, client):
    people.story("draft", headline="保留的稿件")
    spiked = people.story("draft", headline="要作废的稿件")
    spike.spike(spiked, by=people.author)
    assert changelist(client, people.editor, "?spiked=1") == [spiked.pk]
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "只看废稿" in page and "不含废稿" in page
    # The author does not get the filter, and asking for it shows nothing spiked.
    assert changelist(client, people.author, "?spiked=1") != [spiked.pk]
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "只看废稿" not in page


def test_spike_and_restore_pages(people, client):
    article = people.story("draft")
    client.force_login(people.author)
    url = reverse("admin:articles_article_spike", args=[article.pk])
    page = client.get(url)
    assert page.status_code == 200 and "确认作为废稿" in page.content.decode()
    too_long = client.post(url, {"reason": "长" * 201})
    assert too_long.status_code == 200
    assert "长" * 201 in too_long.content.decode()  # the typed text is kept
    article.refresh_from_db()
    assert article.spiked_at is None
    done = client.post(url, {"reason": "不发了"})
    assert done.status_code == 302
    assert done.url == reverse("admin:articles_article_changelist")
    article.refresh_from_db()
    assert article.spike_reason == "不发了"
    # The author cannot restore it.
    unspike = reverse("admin:articles_article_unspike", args=[article.pk])
    refused = client.post(unspike)
    assert refused.status_code == 403
    assert "只有编辑可以恢复废稿" in refused.content.decode()
    client.force_login(people.editor)
    assert "不发了" in client.get(unspike).content.decode()
    assert client.post(unspike).status_code == 302
    article.refresh_from_db()
    assert article.spiked_at is None


def test_a_spiked_story_page_offers_restore_to_editors_only(people, client):
    article = people.story("draft")
    change = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(people.author)
    assert "作为废稿" in client.get(change).content.decode()
    spike.spike(article, by=people.author)
    page = client.get(change).content.decode()
    assert "恢复这篇废稿" not in page and "作为废稿</a>" not in page
    client.force_login(people.editor)
    assert "恢复这篇废稿" in client.get(change).content.decode()


def test_no_one_deletes_a_story_from_the_admin(people, client):
    article = people.story("draft")
    for user in (people.author, people.chief, people.superuser):
        client.force_login(user)
        delete = reverse("admin:articles_article_delete", args=[article.pk])
        assert client.get(delete).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
        response = client.get(reverse("admin:articles_article_changelist"))
        actions = dict(response.context["action_form"].fields["action"].choices)
        assert "delete_selected" not in actions
        assert "spike_selected" in actions
    assert Article.objects.filter(pk=article.pk).exists()


def test_the_spike_action_spikes_what_it_may_and_says_why_not_for_the_rest(
    people, client
):
    draft = people.story("draft")
    submitted = people.story("stage1")
    client.force_login(people.author)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "spike_selected", "_selected_action": [draft.pk, submitted.pk]},
        follow=True,
    )
    notes = [str(m) for m in response.context["messages"]]
    assert "已处理 1 篇稿件。" in notes
    assert any("只有草稿和退回的稿件可以作废" in n for n in notes)
    assert Article.objects.spiked().get() == draft


def test_a_preview_link_still_works_for_the_author_of_a_spiked_story(people, client):
    """Spiked is not deleted: the author can still read what they wrote."""
    article = people.story("draft")
    spike.spike(article, by=people.author)
    client.force_login(people.author)
    token = preview.token_for(article)
    assert client.get(reverse("articles:preview", args=[token])).status_code == 200


def test_the_story_page_links_to_the_site_only_when_the_story_is_live(people, client):
    draft = people.story("draft")
    live = people.story("published")
    client.force_login(people.chief)
    for article, linked in ((draft, False), (live, True)):
        page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
        assert ('class="viewsitelink"' in page.content.decode()) is linked
        assert 'class="historylink"' in page.content.decode()


def test_no_role_holds_the_permission_to_delete_a_story():
    """The admin deletes no story for anyone; no role is granted what the
    screens would refuse."""
    from accounts.roles import PERMISSIONS

    assert not [
        role
        for role, perms in PERMISSIONS.items()
        if "articles.delete_article" in perms
    ]


def test_spike_pages_refuse_in_chinese_and_hide_what_one_may_not_see(people, client):
    submitted = people.story("stage1")
    client.force_login(people.author)
    url = reverse("admin:articles_article_spike", args=[submitted.pk])
    page = client.get(url).content.decode()
    assert "只有草稿和退回的稿件可以作废" in page and "确认作为废稿" not in page
    refused = client.post(url, {"reason": "不要了"})
    assert refused.status_code == 403
    submitted.refresh_from_db()
    assert submitted.spiked_at is None
    missing = reverse("admin:articles_article_spike", args=[submitted.pk + 999])
    assert client.get(missing).status_code == 404
    # An outside correspondent does not even see someone else's story.
    client.force_login(people.outsider)
    draft = people.story("draft")
    assert (
        client.post(
            reverse("admin:articles_article_spike", args=[draft.pk])
        ).status_code
        == 404
    )
