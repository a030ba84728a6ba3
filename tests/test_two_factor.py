"""The second login step: required for 总编辑, 部门主任 and superusers,
enrolment with a TOTP app, codes at login, single-use backup codes, and an
administrator's reset when a phone is lost."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def code_for(device, step_offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + step_offset * device.step
    return f"{totp.token():06d}"


def password_step(client, user):
    response = client.post(
        reverse("admin:login"),
        {"username": user.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    return client.get("/admin/")


@pytest.fixture
def chief(role_user):
    return role_user(roles.CHIEF_EDITOR, username="chief")


def a_moment_passes(device):
    """The pause django-otp imposes after a wrong code, as if it had passed."""
    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.save()


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)


@pytest.mark.parametrize("role", [roles.CHIEF_EDITOR, roles.DESK_CHIEF, None])
def test_who_must_enrol_is_sent_to_enrolment_after_the_password(client, role):
    user = UserFactory(role=role, is_superuser=role is None)
    response = password_step(client, user)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:enrol"))
    # Every admin page waits for the second step, and no other page sees
    # the login meanwhile.
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response["Location"].startswith(reverse("two_factor:enrol"))


@pytest.mark.parametrize("role", [roles.REPORTER, roles.EDITOR, roles.CORRESPONDENT])
def test_other_roles_log_in_with_the_password_alone(client, role):
    response = password_step(client, UserFactory(role=role))
    assert response.status_code == 200


def test_enrolment_shows_the_key_and_confirms_it_with_a_code(client, chief):
    password_step(client, chief)
    page = client.get(reverse("two_factor:enrol")).content.decode()
    assert "绑定验证器应用" in page
    assert 'src="data:image/svg+xml' in page  # the QR code
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=chief, confirmed=False)
    assert secret.replace(" ", "") in device.config_url

    response = client.post(reverse("two_factor:enrol"), {"code": "000000x"})
    assert "验证码不正确" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still not in
    a_moment_passes(device)
    response = client.post(
        reverse("two_factor:enrol"), {"code": code_for(device), "next": "/admin/"}
    )
    assert response.status_code == 302
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page)
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200
    # Shown once: the page now only counts them.
    again = client.get(reverse("two_factor:backup_codes")).content.decode()
    assert codes[0] not in again and "10 个" in again


def test_a_wrong_code_is_refused_and_the_right_one_lets_the_chief_in(client, chief):
    device = enrolled(chief)
    response = password_step(client, chief)
    assert response["Location"].startswith(reverse("two_factor:verify"))
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor:verify"), {"code": wrong})
    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    a_moment_passes(device)
    response = client.post(
        reverse("two_factor:verify"), {"code": code_for(device), "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("code", ["", "   ", "x" * 500, "１２３４５６", "<script>"])
def test_bad_input_in_the_code_box_gets_a_chinese_error(client, chief, code):
    enrolled(chief)
    password_step(client, chief)
    response = client.post(reverse("two_factor:verify"), {"code": code})
    assert response.status_code == 200
    page = response.content.decode()
    assert "errorlist" in page and re.search(r"[\u4e00-\u9fff]", page)
    assert client.get("/admin/").status_code == 302


def test_a_code_cannot_be_used_twice(client, chief):
    device = enrolled(chief)
    password_step(client, chief)
    code = code_for(device)
    assert client.post(reverse("two_factor:verify"), {"code": code}).status_code == 302
    client.logout()
    password_step(client, chief)
    response = client.post(reverse("two_factor:verify"), {"code": code})
    assert response.status_code == 200


def test_a_backup_code_works_once(client, chief):
    enrolled(chief)
    static = StaticDevice.objects.create(user=chief, name="备用码")
    StaticToken.objects.create(device=static, token="abcd2345")
    password_step(client, chief)
    response = client.post(reverse("two_factor:verify"), {"code": "ABCD 2345"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    password_step(client, chief)
    response = client.post(reverse("two_factor:verify"), {"code": "abcd2345"})
    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()


def test_after_repeated_wrong_codes_the_person_is_told_to_wait(client, chief):
    device = enrolled(chief)
    password_step(client, chief)
    wrong = f"{(int(code_for(device)) + 5) % 1_000_000:06d}"
    for _ in range(3):
        a_moment_passes(device)
        response = client.post(reverse("two_factor:verify"), {"code": wrong})
    assert re.search(r"输错的次数过多，请等 [1-4] 秒后再试", response.content.decode())
    # Even the right code waits until then.
    response = client.post(reverse("two_factor:verify"), {"code": code_for(device)})
    assert response.status_code == 200


def test_a_stolen_password_cannot_add_another_phone(client, chief):
    enrolled(chief)
    password_step(client, chief)
    response = client.get(reverse("two_factor:enrol"))
    assert response["Location"].startswith(reverse("two_factor:verify"))
    response = client.post(reverse("two_factor:enrol"), {"code": "123456"})
    assert response["Location"].startswith(reverse("two_factor:verify"))
    assert not TOTPDevice.objects.filter(user=chief, confirmed=False).exists()


def test_next_never_leads_off_the_site(client, chief):
    device = enrolled(chief)
    password_step(client, chief)
    response = client.post(
        reverse("two_factor:verify"),
        {"code": code_for(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("admin:index")


def test_an_administrator_resets_a_lost_phone(client, chief, superuser):
    enrolled(chief)
    StaticDevice.objects.create(user=chief, name="备用码")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [chief.pk]},
        follow=True,
    )
    assert "已重置 1 个用户的两步验证" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert not StaticDevice.objects.filter(user=chief).exists()
    client.logout()
    response = password_step(client, chief)
    assert response["Location"].startswith(reverse("two_factor:enrol"))


def test_only_those_who_may_change_users_can_reset(client, role_user):
    desk = role_user(roles.DESK_CHIEF)
    victim = role_user(roles.CHIEF_EDITOR)
    enrolled(victim)
    client.force_login(desk)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [victim.pk]},
    )
    assert TOTPDevice.objects.filter(user=victim).exists()


def test_new_backup_codes_replace_the_old(client, chief):
    client.force_login(chief)
    old = list(StaticToken.objects.filter(device__user=chief))
    response = client.post(reverse("two_factor:backup_codes"), follow=True)
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert not StaticToken.objects.filter(pk__in=[t.pk for t in old]).exists()


def test_the_demo_prints_backup_codes_the_demo_chief_logs_in_with(client):
    out = StringIO()
    call_command("demo", "--password", PASSWORD, stdout=out)
    line = next(
        line for line in out.getvalue().splitlines() if line.startswith("chief ")
    )
    codes = line.rsplit("：", 1)[1].split()
    assert len(codes) == 5
    chief = User.objects.get(username="chief")
    assert password_step(client, chief)["Location"].startswith(
        reverse("two_factor:verify")
    )
    response = client.post(reverse("two_factor:verify"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_every_admin_page_links_to_the_second_step_settings(client, chief):
    client.force_login(chief)
    page = client.get("/admin/").content.decode()
    assert f'href="{reverse("two_factor:backup_codes")}"' in page
    settings_page = client.get(reverse("two_factor:backup_codes")).content.decode()
    assert "还没有绑定验证器应用" in settings_page  # backup codes only, so far
    assert f'href="{reverse("two_factor:enrol")}"' in settings_page
    enrolled(chief)
    settings_page = client.get(reverse("two_factor:backup_codes")).content.decode()
    assert "已绑定验证器应用" in settings_page


def test_readers_pages_stay_cacheable(client):
    # The gate reads no session when there is none, so adds no Vary: Cookie.
    response = client.get("/")
    assert "Cookie" not in response.headers.get("Vary", "")


def test_an_unverified_login_counts_as_logged_out_outside_the_admin(client, chief):
    enrolled(chief)
    password_step(client, chief)
    response = client.get(reverse("set_language"))  # any page outside /admin/
    assert response.wsgi_request.user.is_anonymous


def test_an_editor_who_binds_an_app_is_asked_for_a_code_from_then_on(client):
    editor = UserFactory(role=roles.EDITOR)
    assert password_step(client, editor).status_code == 200
    client.get(reverse("two_factor:enrol"))
    device = TOTPDevice.objects.get(user=editor)
    client.post(reverse("two_factor:enrol"), {"code": code_for(device)})
    client.logout()
    response = password_step(client, editor)
    assert response["Location"].startswith(reverse("two_factor:verify"))


def test_a_promotion_during_a_session_asks_for_the_second_step_at_once(client):
    from django.contrib.auth.models import Group

    editor = UserFactory(role=roles.EDITOR)
    assert password_step(client, editor).status_code == 200
    editor.groups.add(Group.objects.get(name=roles.DESK_CHIEF))
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("two_factor:enrol"))


def test_after_the_step_the_chief_lands_where_they_were_going(client, chief):
    device = enrolled(chief)
    password_step(client, chief)
    wanted = reverse("admin:articles_article_changelist") + "?status=submitted"
    response = client.get(wanted)
    target = response["Location"]
    assert target.startswith(reverse("two_factor:verify"))
    page = client.get(target).content.decode()
    assert 'name="next" value="/admin/articles/article/?status=submitted"' in page
    response = client.post(target, {"code": code_for(device)})
    assert response["Location"] == wanted
