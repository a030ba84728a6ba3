"""Desks (部门): a review stage scoped to the desk (`复审:部门主任@desk`) is
signed, queued and notified within the story's own desk; the chief editor
and the night editor see every desk; a story starts on its author's desk."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Desk, User
from articles import editing, revisions, workflow
from articles.models import Article, Notification

from .factories import ArticleFactory, SectionFactory, UserFactory
from .workflow_helpers import change_form

pytestmark = pytest.mark.django_db

DESK_CHAIN = [("初审", roles.EDITOR), ("复审", "部门主任@desk"), ("终审", "总编辑")]


@dataclass
class Desks:
    economy: Desk
    news: Desk
    reporter: object  # 经济部 member
    editor: object  # 经济部 editor (初审, unscoped)
    economy_chief: object
    news_chief: object
    chief: object  # 总编辑
    night: object  # 值班总编, also in the 部门主任 group, on no desk

    def story(self, *, at_stage=None, desk="economy"):
        """A 经济部 story filed by the reporter, brought to `at_stage`."""
        article = ArticleFactory(created_by=self.reporter)
        editing_desk = getattr(self, desk) if desk else None
        Article.objects.filter(pk=article.pk).update(desk=editing_desk)
        article.refresh_from_db()
        if at_stage:
            workflow.submit(article, by=self.reporter)
        if at_stage == 2:
            workflow.approve(article, by=self.editor)
        return article


@pytest.fixture
def desks(settings):
    settings.NEWSROOM_REVIEW_CHAIN = DESK_CHAIN
    reporter = UserFactory(username="jingji_jizhe", role=roles.REPORTER)
    editor = UserFactory(username="jingji_bianji", role=roles.EDITOR)
    economy_chief = UserFactory(username="jingji_zhuren", role=roles.DESK_CHIEF)
    news_chief = UserFactory(username="yaowen_zhuren", role=roles.DESK_CHIEF)
    chief = UserFactory(username="zongbian", role=roles.CHIEF_EDITOR)
    night = UserFactory(username="zhiban", role=roles.NIGHT_EDITOR)
    night.groups.add(roles_group(roles.DESK_CHIEF))
    economy = Desk.objects.create(name="经济部", order=2)
    economy.members.add(reporter, editor)
    economy.chiefs.add(economy_chief)
    news = Desk.objects.create(name="要闻部", order=1)
    news.chiefs.add(news_chief)
    return Desks(
        economy, news, reporter, editor, economy_chief, news_chief, chief, night
    )


def roles_group(name):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=name)


# ---------------------------------------------------------------- the chain


def test_a_stage_scoped_to_the_desk_is_read_from_the_chain_setting():
    from newsroom.settings import _review_chain

    assert _review_chain("初审:编辑,复审:部门主任@desk") == [
        ("初审", "编辑"),
        ("复审", "部门主任@desk"),
    ]


@pytest.mark.parametrize("bad", ["复审:部门主任@team", "复审:部门主任@", "复审:@desk"])
def test_an_unknown_scope_in_the_chain_setting_is_refused(bad):
    from newsroom.settings import _review_chain

    with pytest.raises(ValueError):
        _review_chain(bad)


def test_the_scoped_stage_signs_with_its_group(desks):
    stages = workflow.chain()
    assert [(s.group, s.desk_scoped) for s in stages] == [
        ("编辑", False),
        ("部门主任", True),
        ("总编辑", False),
    ]


# ------------------------------------------------------------- who signs


def test_the_chief_of_the_storys_desk_signs_its_desk_stage(desks):
    article = desks.story(at_stage=2)
    workflow.approve(article, by=desks.economy_chief, comment="同意。")
    article.refresh_from_db()
    assert article.stage == 3
    assert article.events.filter(action="approve", actor=desks.economy_chief).exists()


def test_a_chief_of_another_desk_is_refused_naming_the_desk(desks):
    article = desks.story(at_stage=2)
    with pytest.raises(workflow.NotAllowed) as refused:
        workflow.approve(article, by=desks.news_chief)
    assert "经济部" in str(refused.value)
    assert "部门主任" in str(refused.value)
    article.refresh_from_db()
    assert article.stage == 2
    assert not article.events.filter(actor=desks.news_chief).exists()


def test_a_chief_of_another_desk_may_neither_send_back_nor_edit_the_story(desks):
    article = desks.story(at_stage=2)
    with pytest.raises(workflow.NotAllowed) as refused:
        workflow.send_back(article, by=desks.news_chief, reason="不同意。")
    assert "经济部" in str(refused.value)
    assert not workflow.can_edit(article, desks.news_chief)
    assert workflow.can_edit(article, desks.economy_chief)
    assert workflow.refusal("approve", article, desks.news_chief)
    assert workflow.refusal("approve", article, desks.economy_chief) is None


def test_the_night_editor_signs_any_desks_stage_their_group_signs(desks):
    article = desks.story(at_stage=2)
    workflow.approve(article, by=desks.night)
    article.refresh_from_db()
    assert article.stage == 3


def test_an_unscoped_chain_lets_any_chief_sign_as_before(desks, settings):
    settings.NEWSROOM_REVIEW_CHAIN = [
        ("初审", "编辑"),
        ("复审", "部门主任"),
        ("终审", "总编辑"),
    ]
    article = desks.story(at_stage=2)
    workflow.approve(article, by=desks.news_chief)
    article.refresh_from_db()
    assert article.stage == 3


def test_a_story_on_no_desk_is_the_whole_groups(desks):
    article = desks.story(at_stage=2, desk=None)
    workflow.approve(article, by=desks.news_chief)
    article.refresh_from_db()
    assert article.stage == 3


def test_moving_the_story_to_another_desk_moves_who_signs_it(desks):
    article = desks.story(at_stage=2)
    Article.objects.filter(pk=article.pk).update(desk=desks.news)
    article.refresh_from_db()
    with pytest.raises(workflow.NotAllowed, match="要闻部"):
        workflow.approve(article, by=desks.economy_chief)
    workflow.approve(article, by=desks.news_chief)


def test_a_member_desk_scope_takes_the_desks_people_not_only_its_chiefs(
    desks, settings
):
    settings.NEWSROOM_REVIEW_CHAIN = [("初审", "编辑@desk"), ("终审", "总编辑")]
    outsider_editor = UserFactory(username="yaowen_bianji", role=roles.EDITOR)
    desks.news.members.add(outsider_editor)
    article = desks.story(at_stage=1)
    with pytest.raises(workflow.NotAllowed) as refused:
        workflow.approve(article, by=outsider_editor)
    assert "您不在经济部" in str(refused.value)
    workflow.approve(article, by=desks.editor)


# ------------------------------------------------------------ dashboards


def awaiting(user):
    return list(workflow.dashboard(user)["awaiting"])


def test_the_dashboard_queue_shows_a_chief_their_own_desks_stories_only(desks):
    economy_story = desks.story(at_stage=2)
    news_story = desks.story(at_stage=2, desk="news")
    loose_story = desks.story(at_stage=2, desk=None)
    assert set(awaiting(desks.economy_chief)) == {economy_story, loose_story}
    assert set(awaiting(desks.news_chief)) == {news_story, loose_story}
    assert set(awaiting(desks.night)) == {economy_story, news_story, loose_story}


def test_the_admin_front_page_of_another_desks_chief_does_not_list_the_story(
    desks, client
):
    article = desks.story(at_stage=2)
    client.force_login(desks.news_chief)
    page = client.get(reverse("admin:index")).content.decode()
    assert article.headline not in page
    client.force_login(desks.economy_chief)
    page = client.get(reverse("admin:index")).content.decode()
    assert article.headline in page


# ---------------------------------------------------------- notifications


def test_only_the_storys_desk_chiefs_are_notified_at_the_desk_stage(desks):
    other_economy_chief = UserFactory(username="jingji_fuzhuren", role="部门主任")
    desks.economy.chiefs.add(other_economy_chief)
    article = desks.story(at_stage=1)
    workflow.approve(article, by=desks.editor)
    notified = set(
        Notification.objects.filter(
            article=article, message__contains="复审"
        ).values_list("recipient__username", flat=True)
    )
    assert notified == {"jingji_zhuren", "jingji_fuzhuren", "zhiban"}
    assert not Notification.objects.filter(recipient=desks.news_chief).exists()


def test_an_unscoped_stage_still_notifies_its_whole_group(desks, settings):
    settings.NEWSROOM_REVIEW_CHAIN = [("初审", "编辑"), ("复审", "部门主任")]
    article = desks.story(at_stage=1)
    workflow.approve(article, by=desks.editor)
    assert Notification.objects.filter(
        recipient=desks.news_chief, article=article
    ).exists()


# -------------------------------------------------- a story's desk when filed


def test_a_new_story_belongs_to_its_authors_desk(desks):
    article = Article(headline="江城制造业订单回暖", created_by=desks.reporter)
    editing.create(article, by=desks.reporter)
    assert article.desk == desks.economy


def test_a_chief_files_on_the_desk_they_lead_and_someone_on_none_on_no_desk(desks):
    desks.news.members.add(desks.economy_chief)
    led = Article(headline="开发区新签约项目", created_by=desks.economy_chief)
    editing.create(led, by=desks.economy_chief)
    assert led.desk == desks.economy
    loose = Article(headline="夜班稿件", created_by=desks.night)
    editing.create(loose, by=desks.night)
    assert loose.desk is None


def test_a_desk_change_shows_in_the_revision_diff(desks):
    article = desks.story()
    before = revisions.snapshot(article)
    article.desk = desks.news
    after = revisions.snapshot(article)
    [change] = revisions.changes(before, after)
    assert (change.label, change.before, change.after) == ("部门", "经济部", "要闻部")


# ------------------------------------------------------- the story form


def test_the_add_form_starts_on_the_authors_desk(desks, client):
    client.force_login(desks.reporter)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'<option value="{desks.economy.pk}" selected>经济部</option>' in page
    assert "要闻部" not in page  # not a desk the reporter may choose


def test_a_reporter_cannot_put_a_story_on_another_desk(desks, client):
    client.force_login(desks.reporter)
    section = SectionFactory()
    response = client.post(
        reverse("admin:articles_article_add"),
        change_form(section=section.pk, desk=desks.news.pk),
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Article.objects.exists()


def test_a_reporter_keeps_a_desk_an_editor_gave_their_story(desks, client):
    article = desks.story(desk="news")
    client.force_login(desks.reporter)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(article, desk=desks.news.pk, headline="改过的标题"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert (article.headline, article.desk) == ("改过的标题", desks.news)


def test_an_editor_moves_a_story_to_another_desk(desks, client):
    article = desks.story(at_stage=1)
    client.force_login(desks.editor)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(article, desk=desks.news.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.desk == desks.news


def test_a_post_without_the_desk_keeps_the_storys_desk(desks, client):
    article = desks.story(at_stage=1)
    client.force_login(desks.editor)
    data = change_form(article, headline="只改标题")
    data.pop("desk", None)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert (article.headline, article.desk) == ("只改标题", desks.economy)


def test_a_forged_desk_is_refused_in_chinese(desks, client):
    article = desks.story(at_stage=1)
    client.force_login(desks.editor)
    for forged in ("999999", "经济部", "-1"):
        response = client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            change_form(article, desk=forged),
        )
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.content.decode()
    article.refresh_from_db()
    assert article.desk == desks.economy


def test_an_outside_correspondent_does_not_see_the_desk(desks, client):
    outsider = UserFactory(username="tongxunyuan", role=roles.CORRESPONDENT)
    correspondents = Desk.objects.create(name="通讯员部")
    correspondents.members.add(outsider)
    client.force_login(outsider)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="desk"' not in page
    section = SectionFactory()
    response = client.post(
        reverse("admin:articles_article_add"),
        change_form(section=section.pk, desk=desks.news.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get().desk == correspondents


# ------------------------------------------------------------ the desk admin


def test_the_chief_editor_keeps_the_desks(desks, client):
    client.force_login(desks.chief)
    response = client.post(
        reverse("admin:accounts_desk_add"),
        {
            "name": "摄影部",
            "order": "3",
            "chiefs": [desks.night.pk],
            "members": [desks.reporter.pk],
        },
    )
    assert response.status_code == 302
    photo = Desk.objects.get(name="摄影部")
    assert list(photo.chiefs.all()) == [desks.night]
    listing = client.get(reverse("admin:accounts_desk_changelist")).content.decode()
    assert "摄影部" in listing and "经济部" in listing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "order": "0"}, "这个字段是必填项"),
        ({"name": "经济部", "order": "0"}, "已存在"),
        ({"name": "部" * 41, "order": "0"}, "40"),
        ({"name": "新部门", "order": "-1"}, "大于或等于0"),
        ({"name": "新部门", "order": "0", "chiefs": ["999999"]}, "选择一个有效的选项"),
    ],
)
def test_bad_desk_input_gets_a_chinese_error_and_saves_nothing(
    desks, client, data, message
):
    client.force_login(desks.chief)
    response = client.post(reverse("admin:accounts_desk_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Desk.objects.count() == 2


def test_a_desk_chief_sees_the_desks_but_cannot_change_them(desks, client):
    client.force_login(desks.economy_chief)
    assert client.get(reverse("admin:accounts_desk_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_desk_add")).status_code == 403
    response = client.post(
        reverse("admin:accounts_desk_change", args=[desks.news.pk]),
        {"name": "要闻部", "order": "1", "chiefs": [desks.economy_chief.pk]},
    )
    assert response.status_code == 403
    assert list(desks.news.chiefs.all()) == [desks.news_chief]


# ------------------------------------------------------------ the demo


def test_the_demo_newsroom_signs_each_story_at_its_own_desk():
    from io import StringIO

    from django.core.management import call_command

    from articles.models import ArticleEvent

    call_command("demo", "--password", "demo-password-1", stdout=StringIO())
    assert workflow.chain()[1].desk_scoped  # the default chain
    assert set(Desk.objects.values_list("name", flat=True)) == {
        "要闻部",
        "经济部",
        "摄影部",
        "通讯员部",
    }
    assert not Article.objects.filter(desk__isnull=True).exists()
    signed = ArticleEvent.objects.filter(action="approve", stage=2)
    assert {e.article.desk.name for e in signed} == {
        "要闻部",
        "经济部",
        "摄影部",
        "通讯员部",
    }
    for event in signed:
        assert event.article.desk.chiefs.filter(pk=event.actor_id).exists()
    night = User.objects.get(username="night")
    assert list(night.groups.values_list("name", flat=True)) == [roles.NIGHT_EDITOR]
