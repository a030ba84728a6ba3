"""`manage.py demo`: the demo newsroom, idempotent, with an account per role."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import roles
from accounts.models import Correspondent, User
from articles.models import Article, Photo, Section

pytestmark = pytest.mark.django_db


def run_demo(*args):
    from io import StringIO

    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_builds_a_newsroom_with_every_kind_and_status():
    run_demo("--password", "demo-password-1")
    assert Article.objects.count() >= 28
    assert {k for k, _ in Article.Kind.choices} == set(
        Article.objects.values_list("kind", flat=True)
    )
    assert {s for s, _ in Article.Status.choices} == set(
        Article.objects.values_list("status", flat=True)
    )
    assert (
        Article.objects.filter(status="submitted").values("stage").distinct().count()
        == 3
    )
    assert Article.objects.published().count() >= 15
    assert (
        Section.objects.filter(
            name__in=["要闻", "主席论坛", "维权课堂", "班组园地"]
        ).count()
        == 4
    )
    # Multi-role bylines, an organisation byline, and photo news with pictures.
    bylines = {article.byline() for article in Article.objects.all()}
    assert any(b.startswith("通讯员 ") and " 记者 " in b for b in bylines)
    assert "江女工" in bylines
    assert any(b.endswith(" 摄") for b in bylines)
    photo = Photo.objects.first()
    assert photo.width > 0 and photo.image.storage.exists(photo.image.name)
    assert Article.objects.filter(tags__name="工会").exists()
    # Two correspondents share a name and stay two records.
    assert Correspondent.objects.filter(name="李强").count() == 2


def test_demo_accounts_one_per_role_with_the_given_password():
    run_demo("--password", "demo-password-1")
    expected = {
        "reporter": roles.REPORTER,
        "correspondent": roles.CORRESPONDENT,
        "editor": roles.EDITOR,
        "desk": roles.DESK_CHIEF,
        "chief": roles.CHIEF_EDITOR,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.check_password("demo-password-1")
    assert User.objects.get(username="admin").is_superuser


def test_demo_is_idempotent():
    run_demo("--password", "demo-password-1")
    counts = (
        Article.objects.count(),
        Photo.objects.count(),
        Correspondent.objects.count(),
    )
    out = run_demo()
    assert (
        Article.objects.count(),
        Photo.objects.count(),
        Correspondent.objects.count(),
    ) == counts
    assert "本次新建 0 篇" in out
    assert "密码未改动" in out
    assert User.objects.get(username="chief").check_password("demo-password-1")


def test_demo_plans_today_once_however_often_it_runs():
    from articles.models import PlanItem

    run_demo("--password", "demo-password-1")
    today = PlanItem.objects.filter(print_date=timezone.localdate())
    states = set(today.values_list("state", flat=True))
    assert {"assigned", "approved"} <= states
    assigned = today.filter(state="assigned").first()
    assert assigned.assignees.exists() and assigned.target_length > 0
    assert assigned.events.count() == 3  # 报题, 通过, 派题
    count = PlanItem.objects.count()
    run_demo()
    assert PlanItem.objects.count() == count


def test_demo_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSROOM_DEMO_PASSWORD", "from-the-env-1")
    run_demo()
    assert User.objects.get(username="editor").check_password("from-the-env-1")


def test_demo_generates_and_prints_a_password_when_none_is_given(monkeypatch):
    monkeypatch.delenv("NEWSROOM_DEMO_PASSWORD", raising=False)
    out = run_demo()
    password = out.strip().rsplit("：", 1)[1]
    assert len(password) >= 12
    assert User.objects.get(username="reporter").check_password(password)


@pytest.mark.parametrize("password", ["short", "", "1234567"])
def test_demo_refuses_a_weak_password(password):
    with pytest.raises(CommandError, match="至少需要 8 个字符"):
        run_demo("--password", password)
    assert not User.objects.exists()


def test_demo_accounts_can_log_in(rf):
    run_demo("--password", "demo-password-1")
    request = rf.post("/admin/login/")
    assert authenticate(request, username="reporter", password="demo-password-1")


def test_demo_keeps_a_lexicon_and_leaves_an_editor_s_changes_alone():
    from articles.demo.lexicon import LEXICON
    from articles.models import SensitiveWord

    run_demo("--password", "demo-password-1")
    assert SensitiveWord.objects.count() == len(LEXICON)
    assert SensitiveWord.objects.get(word="残废人").replacement == "残疾人"
    SensitiveWord.objects.filter(word="首家").update(level="banned")
    run_demo()
    assert SensitiveWord.objects.count() == len(LEXICON)
    assert SensitiveWord.objects.get(word="首家").level == "banned"
