"""People the page importer creates are 待核实 until an editor confirms them
or merges them into the record on file (issue 16 §3): the 署名人 list
filters by it, confirms, and merges with every credit moved."""

from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from accounts import roles
from accounts.merge import MergeError, merge_people
from accounts.models import Correspondent
from articles.models import Credit
from articles.reader import cache as page_cache

from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("admin:accounts_correspondent_changelist")


@pytest.fixture
def editor(client, role_user):
    user = role_user(roles.EDITOR)
    client.force_login(user)
    return user


@pytest.fixture
def duplicate_pair():
    """林晓峰 on file with a story; a 待核实 林晓峰 the importer made, credited
    on two stories and a photo."""
    kept = CorrespondentFactory(name="林晓峰")
    CreditFactory(article=ArticleFactory(headline="旧稿"), correspondent=kept)
    dup = CorrespondentFactory(name="林晓峰", needs_check=True)
    for headline in ("服务站开到工地旁", "职工书屋开放"):
        CreditFactory(article=ArticleFactory(headline=headline), correspondent=dup)
    CreditFactory(photo=PhotoFactory(), correspondent=dup, role=Credit.Role.PHOTO)
    return kept, dup


def act(client, action, people, **extra):
    return client.post(
        LIST,
        {"action": action, "_selected_action": [p.pk for p in people], **extra},
        follow=True,
    )


def test_the_importer_marks_new_people_to_check(tmp_path):
    CorrespondentFactory(name="林晓峰", kind="staff")
    page = tmp_path / "page.txt"
    page.write_text(
        "第4版:综合\n\n江城新增服务站\n\n1月2日，江城新增服务站十个。\n\n"
        "记者 林晓峰 通讯员 许文静\n",
        encoding="utf-8",
    )
    call_command("import_page", str(page), "--date", "2027-01-02", stdout=StringIO())
    assert Correspondent.objects.get(name="许文静").needs_check
    assert not Correspondent.objects.get(name="林晓峰").needs_check


def test_the_list_filters_people_to_check(client, editor, duplicate_pair):
    kept, dup = duplicate_pair
    page = client.get(LIST, {"needs_check__exact": "1"})
    assert list(page.context["cl"].result_list) == [dup]
    assert "待核实" in page.content.decode()
    assert list(client.get(LIST).context["cl"].result_list) == [kept, dup]


def test_confirming_clears_the_mark(client, editor, duplicate_pair):
    kept, dup = duplicate_pair
    page = act(client, "confirm_people", [kept, dup])
    assert "已确认 1 位署名人。" in page.content.decode()
    dup.refresh_from_db()
    assert not dup.needs_check


def test_merge_moves_story_and_photo_credits_and_deletes_the_duplicate(
    client, editor, duplicate_pair, monkeypatch, django_capture_on_commit_callbacks
):
    kept, dup = duplicate_pair
    ask = act(client, "merge_into", [dup])
    assert ask.templates[0].name == "admin/accounts/correspondent/merge.html"
    assert "3 条" in ask.content.decode()
    assert dup.pk not in [p.pk for p in ask.context["form"].fields["keep"].queryset]

    purged = []
    monkeypatch.setattr(page_cache, "purge", lambda: purged.append(True))
    with django_capture_on_commit_callbacks(execute=True):
        done = act(client, "merge_into", [dup], keep=kept.pk)
    assert purged  # the kept person's pages now list the moved stories
    assert "已将“林晓峰”合并到“林晓峰”，转来署名 3 条。" in done.content.decode()
    assert not Correspondent.objects.filter(pk=dup.pk).exists()
    assert kept.credits.filter(article__isnull=False).count() == 3
    assert kept.credits.filter(photo__isnull=False).count() == 1
    log = LogEntry.objects.get(object_id=str(kept.pk))
    assert "合并了重复的署名人" in log.get_change_message()
    reader = client.get(kept.get_absolute_url())
    assert reader.status_code == 200


def test_merging_into_itself_is_refused(client, editor, duplicate_pair):
    _kept, dup = duplicate_pair
    page = act(client, "merge_into", [dup], keep=dup.pk)
    assert "所选署名人不存在，请重新选择。" in page.content.decode()
    assert dup.credits.count() == 3
    with pytest.raises(MergeError, match="不能把署名人合并到其自身"):
        merge_people(dup, Correspondent.objects.get(pk=dup.pk))


def test_merging_into_nobody_or_a_missing_person_is_refused(
    client, editor, duplicate_pair
):
    _kept, dup = duplicate_pair
    assert (
        "请选择要保留的署名人。"
        in act(client, "merge_into", [dup], keep="").content.decode()
    )
    assert (
        "所选署名人不存在"
        in act(client, "merge_into", [dup], keep="999999").content.decode()
    )
    assert (
        "所选署名人不存在"
        in act(client, "merge_into", [dup], keep="甲").content.decode()
    )
    assert Correspondent.objects.filter(pk=dup.pk).exists()


def test_two_selected_are_refused(client, editor, duplicate_pair):
    kept, dup = duplicate_pair
    page = act(client, "merge_into", [kept, dup], keep=kept.pk)
    assert "合并时请只选择一位重复的署名人。" in page.content.decode()
    assert Correspondent.objects.filter(pk=dup.pk).exists()


def test_two_login_accounts_are_not_merged(client, editor, duplicate_pair):
    kept, dup = duplicate_pair
    kept.user = UserFactory(username="lin1")
    kept.save()
    dup.user = UserFactory(username="lin2")
    dup.save()
    page = act(client, "merge_into", [dup], keep=kept.pk)
    assert "都绑定了登录账号，不能合并" in page.content.decode()
    assert dup.credits.count() == 3


def test_an_editor_cannot_move_a_login_account_by_merging(
    client, editor, duplicate_pair
):
    kept, dup = duplicate_pair
    dup.user = UserFactory(username="lin2")
    dup.save()
    page = act(client, "merge_into", [dup], keep=kept.pk)
    assert "只有账号管理员可以合并" in page.content.decode()
    assert Correspondent.objects.filter(pk=dup.pk).exists()


@pytest.mark.parametrize("role", [roles.REPORTER, roles.CORRESPONDENT])
def test_reporters_and_correspondents_are_not_offered_the_actions(
    client, role_user, duplicate_pair, role
):
    kept, dup = duplicate_pair
    user = role_user(role)
    ArticleFactory(created_by=user).credits.create(correspondent=dup)
    client.force_login(user)
    page = client.get(LIST)
    if page.status_code == 200:
        form = page.context["action_form"]  # None: no actions at all
        choices = dict(form.fields["action"].choices) if form else {}
        assert "merge_into" not in choices and "confirm_people" not in choices
    posted = act(client, "merge_into", [dup], keep=kept.pk)
    assert posted.status_code in (200, 403)
    assert Correspondent.objects.filter(pk=dup.pk).exists()
    act(client, "confirm_people", [dup])
    dup.refresh_from_db()
    assert dup.needs_check
