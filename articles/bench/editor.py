"""The admin as an editor works in it: logged in through the login form as
a 编辑 (the review role, which works with a password alone; 总编辑, 值班总编
and 部门主任 must pass a second step, accounts.two_factor), then the story
screens timed one request at a time."""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from urllib.parse import quote

from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django_otp import devices_for_user

from accounts import roles
from accounts.models import User
from articles.models import Article, Section

from . import corpus, pages, server

USERNAME = "bench-editor"
#: Known, so the bench logs in through the form; the bench database only.
PASSWORD = "bench-editor-密码-2026"
REQUESTS = 20
#: A screen stops being asked after this many requests without an answer.
FAILURES = 3
GOAL_P95_MS = 300


class LoginFailed(Exception):
    pass


def account(username: str = USERNAME, role: str = roles.EDITOR) -> User:
    """The bench's editor, made or reset: staff, in the role's group, the
    known password, no second-step device, no failed logins on record."""
    user, _ = User.objects.get_or_create(
        username=username, defaults={"last_name": "测试", "first_name": "编辑"}
    )
    user.is_staff, user.is_active, user.is_superuser = True, True, False
    user.set_password(PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    AccessAttempt.objects.filter(username=username).delete()
    return user


def log_in(client: server.Client, username: str = USERNAME) -> None:
    response, content = client.get("/admin/login/?next=/admin/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if response.status != 200 or not token:
        raise LoginFailed(f"登录页打不开（{response.status}）。")
    response, _ = client.request(
        "POST",
        "/admin/login/?next=/admin/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token.group(1).decode(),
            "next": "/admin/",
        },
    )
    if response.status != 302:
        raise LoginFailed(f"登录没有成功（{response.status}）。")
    response, _ = client.get("/admin/")
    if response.status != 200:
        where = response.headers.get("Location", "")
        raise LoginFailed(f"登录后进不了后台（{response.status} {where}）。")


def screens(rng: random.Random, queries: list[str]) -> dict[str, list[str]]:
    section = Section.objects.filter(slug=corpus.vocabulary().sections[0].slug).first()
    section_id = section.pk if section else ""
    stories = pages.story_paths(rng, 10)
    changelist = "/admin/articles/article/"
    return {
        "工作台（后台首页）": ["/admin/"],
        "稿件列表": [changelist],
        "筛选后的列表（已发布、要闻）": [
            f"{changelist}?state={Article.Status.PUBLISHED}"
            f"&section__id__exact={section_id}"
        ],
        "列表内检索": [f"{changelist}?q={quote(q)}" for q in queries],
        "稿件修改页": [f"{changelist}{path.split('/')[2]}/change/" for path in stories],
    }


def measure(command, options, queries: list[str]) -> None:
    say = command.say
    account()
    rng = random.Random(options["seed"])
    targets = screens(rng, queries)
    say(
        f"\n三、编辑后台：以“编辑”角色（{USERNAME}，口令登录，该角色无需第二步验证）"
        f"经登录表单登录；每个页面先请求 2 次预热，再依次请求 {REQUESTS} 次"
        "（多个地址时轮流）"
    )
    say(
        f"   {server.pad('页面', 30)}{'p50':>10}{'p95':>10}"
        f"{server.pad('最长', 10, right=True)}  说明"
    )
    worst = 0.0
    with server.Gunicorn(options["port"], options["workers"], 0) as site:
        client = server.Client(site.port)
        try:
            log_in(client)
            for name, paths in targets.items():
                for path in (paths * 2)[:2]:
                    client.timed_get(path)
                timings, statuses = [], Counter()
                for i in range(REQUESTS):
                    ms, status = client.timed_get(paths[i % len(paths)])
                    timings.append(ms)
                    statuses[status] += 1
                    if statuses[0] >= FAILURES:
                        break
                p95 = server.percentile(timings, 0.95)
                worst = max(worst, p95)
                note = ""
                if statuses[0]:
                    note = f"{statuses[0]} 次没有应答（超时），共请求 {len(timings)} 次"
                elif set(statuses) != {200}:
                    note = f"应答 {dict(statuses)}"
                say(
                    f"   {server.pad(name, 30)}{statistics.median(timings):>8.0f}ms"
                    f"{p95:>8.0f}ms{max(timings):>8.0f}ms  {note}"
                )
        finally:
            client.close()
    verdict = "达到" if worst < GOAL_P95_MS else "未达到"
    say(
        f"   目标：每个页面 p95 < {GOAL_P95_MS} 毫秒："
        f"最慢的 p95 {worst:.0f} 毫秒，{verdict}"
    )
