"""One authorization matrix, generated from the URL resolver.

Every URL pattern the project serves (each admin screen of every registered
model — list, add, change, delete, history — every custom admin view, the
second login step and every reader page) is requested as each role and
anonymously, with GET and with a crafted POST, and the outcome is compared
with EXPECTED below: which roles a pattern lets through, per method. A
pattern with no row in EXPECTED fails the test, so a new view cannot ship
without someone deciding who may use it.

A response is "refused" when it is 400, 401, 403, 404 or 405, a redirect to
the login page, or the admin's "does not exist" redirect to its front page;
otherwise it was answered. A GET answered where the table says refused is an
escape (the page was read). A POST is an escape when the table says refused
and it changed something (the newsroom's stories, photos, people, units,
sections, tags, accounts or groups): a page that answers a POST and does
nothing, like a refused review step shown on the story's page, is not. A
refusal where the table says the role may is a mismatch. Escapes and
mismatches must both be zero; a 500 fails outright.

The objects in the URLs belong to someone else (a reporter outside the
matrix), so an outside correspondent's own-world rule is tested too. Each
request runs in a transaction rolled back afterwards, so a crafted POST that
got through changes nothing for the next one.

Run with -s to see the counts:
    .venv/bin/pytest tests/test_authorization_matrix.py -q -s
"""

import copy
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import roles
from accounts.models import Desk
from articles import photos, revisions, workflow
from articles.models import (
    Article,
    Comment,
    Edition,
    Page,
    Placement,
    PlanItem,
    SensitiveWord,
    Topic,
)
from articles.reader import preview

from .epaper_helpers import TINY_PDF
from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    OrganisationFactory,
    PhotoFactory,
    PublishedArticleFactory,
    SectionFactory,
    UserFactory,
)
from .two_factor_helpers import Client

pytestmark = pytest.mark.django_db

# ------------------------------------------------------------------ roles

#: One letter per row of the matrix: anonymous, then each role, then root.
ROLES = {
    "A": None,
    "R": roles.REPORTER,
    "C": roles.CORRESPONDENT,
    "E": roles.EDITOR,
    "D": roles.DESK_CHIEF,
    "Z": roles.CHIEF_EDITOR,
    "S": "superuser",
}
STAFF = "RCEDZS"  # every logged-in role
INSIDE = "REDZS"  # staff of the paper (not 通讯员)
REVIEW = "EDZS"  # 编辑 and up
SENIOR = "DZS"  # 部门主任 and up
EVERYONE = "A" + STAFF
NOBODY = ""

# ------------------------------------------------------------------ table
#
# pattern -> (who may GET it, who may POST to it). A pattern is its name
# ("admin:articles_article_change") or, unnamed, its route. The story in
# the URLs is under 初审, so some rows say what its state allows (no 废稿,
# no 更正 of a story not yet live). Reasons are given where not obvious.

EXPECTED = {
    # The admin site's own pages.
    "admin:index": (STAFF, STAFF),
    # Logged in, the login page sends you on to the front page.
    "admin:login": ("A", "A"),  # POSTed as someone else: a wrong password
    "admin:logout": (NOBODY, STAFF),  # POST only (Django 5+)
    "admin:password_change": (STAFF, STAFF),
    "admin:password_change_done": (STAFF, NOBODY),
    "admin:autocomplete": (STAFF, NOBODY),  # a byline row's people lookup
    "admin:jsi18n": (STAFF, NOBODY),
    "admin:view_on_site": (STAFF, STAFF),  # a redirect; the target decides
    "admin/<url>": (NOBODY, NOBODY),  # the catch-all: 404 or login
    # The second login step. Those who need it have passed it (their page
    # sends them on); the others may open it, and enrol a device if they
    # choose. A wrong code changes nothing.
    "two_factor:index": ("RCE", NOBODY),
    "two_factor:verify": ("RCE", NOBODY),
    "two_factor:enrol": (STAFF, NOBODY),
    "two_factor:backup_codes": (STAFF, STAFF),
    # App pages list the models one may see.
    "admin:app_list[auth]": ("S", "S"),
    "admin:app_list[taggit]": (INSIDE, INSIDE),  # no tag list for 通讯员
    "admin:app_list[axes]": ("S", "S"),
    "admin:app_list[articles]": (STAFF, STAFF),
    "admin:app_list[accounts]": (STAFF, STAFF),
    # Stories. The story is someone else's, under 初审: 编辑 sign that stage
    # and may edit it; 通讯员 do not see it at all; nobody deletes a story.
    "admin:articles_article_changelist": (STAFF, STAFF),
    "admin:articles_article_add": (STAFF, STAFF),
    "admin:articles_article_change": (INSIDE, "E"),
    "admin/articles/article/<path:object_id>/": (STAFF, STAFF),  # redirect
    "admin:articles_article_delete": (NOBODY, NOBODY),
    "admin:articles_article_history": (INSIDE, INSIDE),
    "admin:articles_article_revisions": (INSIDE, INSIDE),
    # Restoring a revision (POST only): who may edit the story now.
    "admin:articles_article_restore": (NOBODY, "E"),
    # 废稿: a story under review is not spiked; the page says why.
    "admin:articles_article_spike": (INSIDE, NOBODY),
    "admin:articles_article_unspike": (INSIDE, NOBODY),  # not spiked
    # 更正 is for reviewers, on a live story only.
    "admin:articles_article_correct": (REVIEW, NOBODY),
    "admin:articles_article_import": (INSIDE, INSIDE),  # not for 通讯员
    "admin:articles_tag_suggest": (STAFF, STAFF),
    # The story's talk panel (POST only). The newsroom's staff comment on
    # any story they see; resolving another's thread is for editors; the
    # crafted POST's action is 已解决.
    "admin:articles_article_comment": (NOBODY, INSIDE),
    "admin:articles_article_comment_action": (NOBODY, REVIEW),
    # Presence: a reader-only page is answered and recorded as nobody's
    # session; taking over is refused while nobody else has the story open.
    "admin:articles_article_presence": (NOBODY, INSIDE),
    "admin:articles_article_take_over": (NOBODY, NOBODY),
    "admin:articles_article_leave": (NOBODY, INSIDE),
    # Photos: someone else's photo is not in a 通讯员's library.
    "admin:articles_photo_changelist": (STAFF, STAFF),
    "admin:articles_photo_add": (STAFF, STAFF),
    "admin:articles_photo_change": (INSIDE, INSIDE),
    "admin/articles/photo/<path:object_id>/": (STAFF, STAFF),  # redirect
    "admin:articles_photo_delete": (SENIOR, SENIOR),
    "admin:articles_photo_history": (INSIDE, INSIDE),
    "admin:articles_photo_upload": (STAFF, STAFF),
    "admin:articles_photo_chooser": (STAFF, NOBODY),  # a POST changes nothing
    "admin:articles_photo_chooser_upload": (NOBODY, STAFF),  # POST only
    # Sections: everyone files into one; 部门主任 and up maintain them.
    "admin:articles_section_changelist": (STAFF, STAFF),
    "admin:articles_section_add": (SENIOR, SENIOR),
    "admin:articles_section_change": (STAFF, SENIOR),
    "admin/articles/section/<path:object_id>/": (STAFF, STAFF),
    "admin:articles_section_delete": ("ZS", "ZS"),
    "admin:articles_section_history": (STAFF, STAFF),
    # The sensitive-word lexicon: reviewers read it (the review panel names
    # its words), 部门主任 and 总编辑 keep it and import word lists.
    "admin:articles_sensitiveword_changelist": (REVIEW, REVIEW),
    "admin:articles_sensitiveword_add": (SENIOR, SENIOR),
    "admin:articles_sensitiveword_change": (REVIEW, SENIOR),
    "admin/articles/sensitiveword/<path:object_id>/": (STAFF, STAFF),  # redirect
    "admin:articles_sensitiveword_delete": (SENIOR, SENIOR),
    "admin:articles_sensitiveword_history": (REVIEW, REVIEW),
    # A POST without a file is the form again, with its error.
    "admin:articles_sensitiveword_import": (SENIOR, SENIOR),
    # The printed paper (期, 版, 热区): editors build the pages; the chief
    # editor deletes them.
    **{
        f"admin:articles_{model}_{view}": rows
        for model in ("edition", "page")
        for view, rows in {
            "changelist": (REVIEW, REVIEW),
            "add": (REVIEW, REVIEW),
            "change": (REVIEW, REVIEW),
            "delete": ("ZS", "ZS"),
            "history": (REVIEW, REVIEW),
        }.items()
    },
    "admin/articles/edition/<path:object_id>/": (STAFF, STAFF),  # redirect
    "admin/articles/page/<path:object_id>/": (STAFF, STAFF),  # redirect
    # People on bylines: a 通讯员 opens only those on their own bylines.
    "admin:accounts_correspondent_changelist": (STAFF, STAFF),
    "admin:accounts_correspondent_add": ("R" + REVIEW, "R" + REVIEW),
    "admin:accounts_correspondent_change": (INSIDE, REVIEW),
    "admin/accounts/correspondent/<path:object_id>/": (STAFF, STAFF),
    "admin:accounts_correspondent_delete": ("S", "S"),
    "admin:accounts_correspondent_history": (INSIDE, INSIDE),
    # Units (单位): the paper's staff.
    "admin:accounts_organisation_changelist": (INSIDE, INSIDE),
    "admin:accounts_organisation_add": (REVIEW, REVIEW),
    "admin:accounts_organisation_change": (INSIDE, REVIEW),
    "admin/accounts/organisation/<path:object_id>/": (STAFF, STAFF),
    "admin:accounts_organisation_delete": ("S", "S"),
    "admin:accounts_organisation_history": (INSIDE, INSIDE),
    # The front page (首页编排) and 专题: whoever may publish curates them.
    **{
        f"admin:articles_{model}_{view}": ("ZS", "ZS")
        for model in ("placement", "topic")
        for view in ("changelist", "add", "change", "delete", "history")
    },
    "admin/articles/placement/<path:object_id>/": (STAFF, STAFF),  # redirect
    "admin/articles/topic/<path:object_id>/": (STAFF, STAFF),  # redirect
    # Planning (选题). The item is someone else's 报题 on 经济部, whose chief
    # is not in the matrix: every one of the paper's staff reads it and the
    # budget; a 通讯员 sees only their own or assigned items. Its form is
    # saved by its proposer or a decider (总编辑, 值班总编, the desk's
    # chiefs); the crafted POST has no topic, so it is the form again.
    "admin:articles_planitem_changelist": (STAFF, STAFF),
    "admin:articles_planitem_add": (STAFF, STAFF),
    "admin:articles_planitem_change": (INSIDE, "ZS"),
    "admin/articles/planitem/<path:object_id>/": (STAFF, STAFF),  # redirect
    "admin:articles_planitem_delete": (NOBODY, NOBODY),  # refused stays on file
    "admin:articles_planitem_history": (INSIDE, INSIDE),
    "admin:articles_planitem_budget": (STAFF, STAFF),  # a POST is the page again
    # 通过/不通过/派题: the deciders; the crafted POST names no step.
    "admin:articles_planitem_decide": ("ZS", "ZS"),
    # 开始写稿 on a 报题 item: sent back to the item with why (a redirect,
    # no change); a 通讯员 does not find someone else's item.
    "admin:articles_planitem_start": (INSIDE, INSIDE),
    # Desks (部门) and their people: 总编辑 keeps them, 部门主任 see them
    # (the crafted POST to the list is an action nobody has: it changes
    # nothing).
    "admin:accounts_desk_changelist": ("DZS", "DZS"),
    "admin:accounts_desk_add": ("ZS", "ZS"),
    "admin:accounts_desk_change": ("DZS", "ZS"),
    "admin/accounts/desk/<path:object_id>/": (STAFF, STAFF),  # redirect
    "admin:accounts_desk_delete": ("ZS", "ZS"),
    "admin:accounts_desk_history": ("DZS", "DZS"),
    # Tags: the list is the paper's staff's; 编辑 and up maintain and merge
    # them (articles/admin/tags.py), 总编辑 deletes.
    "admin:taggit_tag_changelist": (INSIDE, INSIDE),
    "admin:taggit_tag_add": (REVIEW, REVIEW),
    "admin:taggit_tag_change": (INSIDE, REVIEW),
    "admin/taggit/tag/<path:object_id>/": (STAFF, STAFF),
    "admin:taggit_tag_delete": ("ZS", "ZS"),
    "admin:taggit_tag_history": (INSIDE, INSIDE),
    "admin:taggit_tag_merge_tags": (REVIEW, REVIEW),
    # Accounts, groups and login records: superusers only.
    **{
        f"admin:{model}_{view}": ("S", "S")
        for model in (
            "accounts_user",
            "auth_group",
            "axes_accessattempt",
            "axes_accesslog",
            "axes_accessfailurelog",
        )
        for view in ("changelist", "add", "change", "delete", "history")
    },
    **{
        f"admin/{path}/<path:object_id>/": (STAFF, STAFF)
        for path in (
            "accounts/user",
            "auth/group",
            "axes/accessattempt",
            "axes/accesslog",
            "axes/accessfailurelog",
        )
    },
    # Login records are written by the login guard, not added by hand.
    **{
        f"admin:axes_{model}_add": (NOBODY, NOBODY)
        for model in ("accessattempt", "accesslog", "accessfailurelog")
    },
    "admin:auth_user_password_change": ("S", "S"),
    # Reader pages: public; a preview link only for the story's reviewers.
    # A POST to any of them changes nothing.
    "articles:home": (EVERYONE, NOBODY),
    "articles:detail": (EVERYONE, NOBODY),
    "articles:preview": (REVIEW, NOBODY),
    "articles:photo-card": (EVERYONE, NOBODY),
    "articles:rendition": (EVERYONE, NOBODY),
    "articles:section": (EVERYONE, NOBODY),
    "articles:tag": (EVERYONE, NOBODY),
    "articles:topic": (EVERYONE, NOBODY),
    "articles:correspondent": (EVERYONE, NOBODY),
    "articles:search": (EVERYONE, NOBODY),
    "articles:archive": (EVERYONE, NOBODY),
    "articles:archive-month": (EVERYONE, NOBODY),
    "articles:archive-day": (EVERYONE, NOBODY),
    "articles:epaper": (EVERYONE, NOBODY),
    "articles:epaper-edition": (EVERYONE, NOBODY),
    "articles:epaper-page": (EVERYONE, NOBODY),
    "articles:epaper-pdf": (EVERYONE, NOBODY),
    "articles:feed-rss": (EVERYONE, NOBODY),
    "articles:feed-atom": (EVERYONE, NOBODY),
    "articles:section-rss": (EVERYONE, NOBODY),
    "articles:section-atom": (EVERYONE, NOBODY),
    "articles:tag-rss": (EVERYONE, NOBODY),
    "articles:tag-atom": (EVERYONE, NOBODY),
    # Older addresses of a story: a 301 to the canonical one.
    "^article/<pk>/$": (EVERYONE, NOBODY),
    "^article/<pk>/<rest>/?$": (EVERYONE, NOBODY),
    "^articles/<pk>/?$": (EVERYONE, NOBODY),
    "favicon.ico": (EVERYONE, NOBODY),
    "robots.txt": (EVERYONE, NOBODY),
    "sitemap": (EVERYONE, NOBODY),
    "sitemap-section": (EVERYONE, NOBODY),
    "news-sitemap": (EVERYONE, NOBODY),
    "set_language": (EVERYONE, NOBODY),
    # 稿费 (fees app). Those who file see their own fees and statements only
    # (someone else's here: refused); editors and up see all fees, adjust
    # them and read the rate tables; 财务 (not a row here: its rights are
    # tested in tests/test_fees.py) keeps the rates and pays statements,
    # which among these roles only the superuser may.
    "admin:app_list[fees]": (STAFF, STAFF),
    "admin:app_list[background]": ("ZS", "ZS"),
    # The task queue (后台任务记录): superusers and 总编辑, read-only apart from
    # the 重试 action; a background import's progress: its importer and those
    # who see every desk.
    "admin:background_taskrecord_changelist": ("ZS", "ZS"),
    "admin:background_taskrecord_change": ("ZS", NOBODY),
    "admin:background_taskrecord_add": (NOBODY, NOBODY),
    "admin:background_taskrecord_delete": (NOBODY, NOBODY),
    "admin:background_taskrecord_history": ("ZS", "ZS"),
    "admin/background/taskrecord/<path:object_id>/": (STAFF, STAFF),  # redirect
    "admin:background_importrun_progress": ("ZS", "ZS"),
    "admin:fees_fee_changelist": (STAFF, STAFF),
    "admin:fees_fee_add": (NOBODY, NOBODY),  # fees are computed, not typed
    "admin:fees_fee_change": (REVIEW, NOBODY),  # read-only: 调整 changes it
    "admin:fees_fee_delete": (NOBODY, NOBODY),
    "admin:fees_fee_history": (REVIEW, REVIEW),
    "admin:fees_fee_stats": (REVIEW, REVIEW),
    # Their own page needs a 署名人 tied to the login; the matrix's accounts
    # have none (404). A correspondent's own page: tests/test_fees.py.
    "admin:fees_fee_mine": (NOBODY, NOBODY),
    "admin:fees_fee_missing": (REVIEW, REVIEW),  # nothing ticked: no change
    "admin:fees_fee_adjust": (REVIEW, REVIEW),  # no amount or reason: no change
    # Statements: one's own (记者, 通讯员), or all for 财务; editors adjust
    # fees but do not see statements.
    "admin:fees_statement_changelist": ("RCS", "RCS"),
    "admin:fees_statement_add": (NOBODY, NOBODY),  # made on the month page
    "admin:fees_statement_change": ("S", "S"),
    "admin:fees_statement_delete": (NOBODY, NOBODY),
    "admin:fees_statement_history": ("S", "S"),
    "admin:fees_statement_month": ("S", "S"),  # no month given: the form again
    "admin:fees_statement_pay": (NOBODY, "S"),  # POST only
    "admin:fees_ratetable_changelist": (REVIEW, REVIEW),
    "admin:fees_ratetable_add": ("S", "S"),
    "admin:fees_ratetable_change": (REVIEW, "S"),  # a save is a new version
    "admin:fees_ratetable_delete": (NOBODY, NOBODY),  # fees point at it
    "admin:fees_ratetable_history": (REVIEW, REVIEW),
    "admin:fees_feeadjustment_changelist": (REVIEW, REVIEW),
    "admin:fees_feeadjustment_add": (NOBODY, NOBODY),
    "admin:fees_feeadjustment_change": (REVIEW, NOBODY),
    "admin:fees_feeadjustment_delete": (NOBODY, NOBODY),
    "admin:fees_feeadjustment_history": (REVIEW, REVIEW),
    **{
        f"admin/fees/{model}/<path:object_id>/": (STAFF, STAFF)
        for model in ("fee", "statement", "ratetable", "feeadjustment")
    },
    # Media files in development and tests (production serves them itself).
    "media": (EVERYONE, NOBODY),
}


# ---------------------------------------------------------- the resolver


@dataclass(frozen=True)
class Route:
    key: str  # the table's key
    route: str  # the whole route, for building the URL
    name: str | None  # the namespaced name, if any


def routes(resolver=None, prefix="", namespace=""):
    """Every URL pattern the project serves, walked from the root."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from routes(pattern, route, inner)
        elif pattern.name:
            name = namespace + pattern.name
            yield Route(name, route, name)
        else:
            # Unnamed: its route, with each regex group shown as <name> so
            # that tightening a group's pattern keeps the row.
            key = re.sub(r"\(\?P<(\w+)>[^)]*\)[^/]*", r"<\1>", route)
            yield Route(key, route, None)


# --------------------------------------------------------------- the world


@pytest.fixture
def world(db):
    """Someone else's work, for every object URL to name."""
    author = UserFactory(username="author", role=roles.REPORTER)
    person = CorrespondentFactory(name="林晓峰", user=author, phone="13800001111")
    organisation = OrganisationFactory(name="江城市总工会")
    person.affiliation = organisation
    person.save()
    section = SectionFactory(name="要闻", slug="news")
    live = PublishedArticleFactory(created_by=author, section=section)
    live.tags.add("工会")
    CreditFactory(article=live, correspondent=person)
    story = ArticleFactory(created_by=author, section=section, headline="待审稿件")
    CreditFactory(article=story, correspondent=person)
    desk = Desk.objects.create(name="经济部")
    desk.members.add(author)
    revisions.record(story, by=author)
    workflow.submit(story, by=author)
    story.refresh_from_db()
    comment = Comment.objects.create(article=story, author=author, text="请核实")
    photo = PhotoFactory(uploaded_by=author)
    photos.make_renditions(photo)
    topic = Topic.objects.create(title="聚焦春风行动", slug="chunfeng")
    # The e-paper's page 1 on the live story's day, with its PDF.
    edition = Edition.objects.create(
        date=timezone.localtime(live.publish_at).date(), number=1
    )
    paper_page = Page.objects.create(edition=edition, number=1, name="要闻")
    paper_page.pdf.save("page.pdf", ContentFile(TINY_PDF))
    objects = {
        "articles.article": story,
        "articles.photo": photo,
        "articles.section": section,
        "articles.sensitiveword": SensitiveWord.objects.create(word="某禁用词"),
        "articles.placement": Placement.objects.create(kind="headline", article=live),
        "articles.topic": topic,
        "articles.edition": edition,
        "articles.page": paper_page,
        "accounts.user": author,
        "accounts.correspondent": person,
        "accounts.organisation": organisation,
        "accounts.desk": desk,
        "articles.planitem": PlanItem.objects.create(
            topic="菜价回落调查",
            desk=desk,
            proposed_by=author,
            print_date=timezone.localdate(),
        ),
        "auth.group": Group.objects.get(name=roles.REPORTER),
        "taggit.tag": live.tags.get(),
    }
    objects.update(_login_records())
    objects.update(_devices(author))
    objects.update(_fees(live, person, author))
    objects.update(_queue(author))
    return {
        "objects": objects,
        "live": live,
        "story": story,
        "photo": photo,
        "section": section,
        "person": person,
        "comment": comment,
    }


def _fees(story, person, author):
    """A fee of the author's, on a statement, adjusted once."""
    from fees.models import Fee, FeeAdjustment, RateTable, Statement

    rate = RateTable.objects.create(
        version=1,
        **dict.fromkeys(
            (
                "per_thousand_story",
                "per_thousand_photo",
                "per_thousand_brief",
                "per_thousand_column",
                "minimum",
                "per_photo",
            ),
            100,
        ),
    )
    month = timezone.localdate().replace(day=1)
    statement = Statement.objects.create(correspondent=person, month=month)
    fee = Fee.objects.create(
        article=story,
        correspondent=person,
        rate=rate,
        month=month,
        trigger="print",
        basis="1000字×100元/千字",
        share="全额",
        computed=100,
        amount=120,
        statement=statement,
    )
    adjustment = FeeAdjustment.objects.create(
        fee=fee, before=100, after=120, reason="独家", by=author
    )
    return {
        "fees.ratetable": rate,
        "fees.statement": statement,
        "fees.fee": fee,
        "fees.feeadjustment": adjustment,
    }


def _queue(author):
    """A failed task and a background import of the author's."""
    from django_tasks_db.models import DBTaskResult

    from articles.workflow import mail
    from background.models import ImportRun

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ):
        mail.send_notification_mail.enqueue("a@example.cn", "主题", "正文", 1)
    return {
        "background.taskrecord": DBTaskResult.objects.get(),
        "background.importrun": ImportRun.objects.create(
            created_by=author, text="本报讯"
        ),
    }


def _login_records():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    seen = {"user_agent": "x", "ip_address": "10.0.0.9", "username": "author"}
    seen.update(http_accept="*/*", path_info="/admin/login/")
    return {
        "axes.accessattempt": AccessAttempt.objects.create(
            **seen, get_data="", post_data="", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(**seen),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**seen),
    }


def _devices(user):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return {
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=user, name="手机"),
        "otp_static.staticdevice": StaticDevice.objects.create(user=user, name="码"),
    }


def urls_for(route, world):
    """The concrete URLs a route is tried at: [(table key, url)]."""
    objects, live, photo = world["objects"], world["live"], world["photo"]
    admin_model = re.match(r"admin/(\w+)/(\w+)/", route.route)
    subject = objects.get(".".join(admin_model.groups())) if admin_model else None
    width = photos.rendition_widths(photo)[0]
    day = timezone.localtime(live.publish_at)
    if route.key in ("articles:photo-card", "articles:rendition"):
        subject = photo  # the reader's photo URLs name the photo, not a story
    values = {
        "object_id": subject.pk if subject else None,
        "pk": subject.pk if subject else live.pk,
        "id": subject.pk if subject else None,
        "number": 1,
        "token": preview.token_for(world["story"]),
        "key": photo.rendition_key,
        "width": width,
        "extension": "jpg",
        "slug": None,
        "year": day.year,
        "month": day.month,
        "day": day.day,
        "section": "articles",
        "content_type_id": ContentType.objects.get_for_model(Article).pk,
        "rest": "old-slug",
        "comment_id": world["comment"].pk,
        "action": "resolve",
    }
    slugs = {
        "articles:section": world["section"].slug,
        "articles:section-rss": world["section"].slug,
        "articles:section-atom": world["section"].slug,
        "articles:tag": "工会",
        "articles:tag-rss": "工会",
        "articles:tag-atom": "工会",
        "articles:correspondent": world["person"].slug,
        "articles:topic": "chunfeng",
    }
    if route.key == "admin:app_list":
        labels = re.search(r"\(\?P<app_label>([^)]*)\)", route.route).group(1)
        return [
            (f"admin:app_list[{label}]", reverse(route.key, args=[label]))
            for label in labels.split("|")
        ]
    if route.key == "admin:autocomplete":
        lookup = "app_label=articles&model_name=credit&field_name=correspondent"
        return [(route.key, f"{reverse(route.key)}?term=林&{lookup}")]
    if route.key == "admin:view_on_site":
        return [
            (route.key, reverse(route.key, args=[values["content_type_id"], live.pk]))
        ]
    if route.key == "admin/<url>":
        return [(route.key, "/admin/no-such-page/")]
    if route.route.startswith("^media/") or route.route.startswith("^" + "media"):
        return [("media", "/media/" + photo.image.name)]
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route.route)
    kwargs = {}
    for converter_name, group_name in names:
        name = converter_name or group_name
        value = slugs.get(route.key) if name == "slug" else values.get(name)
        assert value is not None, f"no value for <{name}> in {route.route}"
        kwargs[name] = value
    if route.name:
        return [(route.key, reverse(route.name, kwargs=kwargs))]
    # An unnamed route: fill its groups by hand.
    path = route.route.lstrip("^").rstrip("$").replace("/?", "/")
    path = re.sub(
        r"\(\?P<(\w+)>([^)]*)\)(\{[^}]*\}|[?*+])?",
        lambda m: ("0" if m.group(2).startswith("0") else "") + str(kwargs[m.group(1)]),
        path,
    )
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), path)
    return [(route.key, "/" + path)]


# ------------------------------------------------------------- requests


def crafted_post(world):
    """What an attacker posts: an admin action on the story, a workflow step,
    a login account for a byline, confirmation of a delete, and text."""
    story, chief = world["story"], world["objects"]["accounts.user"]
    return {
        "action": "publish_selected",
        "index": "0",
        "_selected_action": [story.pk],
        "_workflow": "publish",
        "post": "yes",
        "confirm": "1",
        "user": chief.pk,
        "name": "篡改",
        "headline": "篡改的标题",
        "caption": "篡改的说明",
        "reason": "篡改",
        "text": "篡改",
        "q": "工会",
        "username": "author",
        "password": "wrong-password",
        "old_password": "wrong-password",
        "language": "zh-hans",
    }


def refused(response):
    """Whether the response refuses, as the module docstring says."""
    status = response.status_code
    assert status < 500, (response.request, status)
    if status in (400, 401, 403, 404, 405):
        return True
    if status in (301, 302, 303, 307, 308):
        target = response.headers["Location"].split("?")[0]
        return target in (reverse("admin:login"), reverse("admin:index"))
    return False


#: What a POST must not change unless the table lets the role POST there.
WATCHED = ("articles", "accounts", "taggit", "auth", "fees")


def state():
    """The newsroom's data, row by row (logins' own bookkeeping left out:
    last_login, sessions, the login guard's records, devices' throttling)."""
    rows = []
    for app_label in WATCHED:
        for model in apps.get_app_config(app_label).get_models():
            values = model._default_manager.order_by("pk").values()
            rows.append([{**v, "last_login": None} for v in values])
            for field in model._meta.many_to_many:
                rows.append(
                    list(field.remote_field.through.objects.order_by("pk").values())
                )
    return rows


def clients(world):
    """One logged-in client per role letter (the second step done)."""
    made = {}
    for letter, role in ROLES.items():
        client = Client()
        if role == "superuser":
            client.force_login(UserFactory(username="root", is_superuser=True))
        elif role is not None:
            client.force_login(UserFactory(username=f"as-{letter}", role=role))
        made[letter] = client
    return made


def attempt(client, method, url, data):
    """One request, in a transaction rolled back afterwards, with the
    client's cookies (its login) put back: a POST to logout or to change the
    password leaves the next request as it found it. Returns "refused",
    "answered" or, for a POST that changed the newsroom's data, "changed"."""
    cookies = copy.deepcopy(client.cookies)
    cache.clear()
    with transaction.atomic():
        if method == "GET":
            got = "refused" if refused(client.get(url)) else "answered"
        else:
            before = state()
            got = "refused" if refused(client.post(url, data)) else "answered"
            if got == "answered" and state() != before:
                got = "changed"
        transaction.set_rollback(True)
    client.cookies = SimpleCookie()
    client.cookies.update(cookies)
    return got


def test_every_url_pattern_has_a_row():
    keys = {route.key for route in routes()}
    keys.discard("admin:app_list")  # one row per app label
    keys = {"media" if k.startswith("^media") else k for k in keys}
    missing = sorted(
        k for k in keys if k not in EXPECTED and not k.startswith("admin:app_list")
    )
    assert missing == [], f"URL patterns with no row in EXPECTED: {missing}"


def test_authorization_matrix(world):
    data = crafted_post(world)
    as_role = clients(world)
    tried, escapes, mismatches, seen = 0, [], [], set()
    for route in routes():
        for key, url in urls_for(route, world):
            assert key in EXPECTED, f"no row in EXPECTED for {key} ({url})"
            seen.add(key)
            for method, allowed in zip(("GET", "POST"), EXPECTED[key], strict=True):
                for letter, client in as_role.items():
                    got = attempt(client, method, url, data)
                    tried += 1
                    may = letter in allowed
                    if may and got == "refused":
                        mismatches.append(f"{method} {url} as {letter}: refused")
                    elif not may and got == (
                        "changed" if method == "POST" else "answered"
                    ):
                        escapes.append(f"{method} {url} as {letter}: {got}")
    urls = len({url for route in routes() for _k, url in urls_for(route, world)})
    print(
        f"\nauthorization matrix: {urls} URLs × {len(as_role)} roles "
        f"(anonymous, 记者, 通讯员, 编辑, 部门主任, 总编辑, superuser) × 2 methods "
        f"= {tried} requests; escapes={len(escapes)}, mismatches={len(mismatches)}"
    )
    assert not escapes and not mismatches, "\n".join(
        ["escapes:", *escapes, "mismatches (refused, the table says may):", *mismatches]
    )
    assert set(EXPECTED) - seen == set(), "rows for patterns that no longer exist"
