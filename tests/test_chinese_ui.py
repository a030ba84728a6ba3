"""The newsroom's screens in Chinese: the catalog for what Django and the
body editor leave untranslated, 字数 counted the same on the page and on the
server, and the story list's order and state column."""

import gettext
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts import roles
from articles.models import Article
from articles.text import HAN_RANGES, PUNCT_RANGES, count_characters

from .factories import ArticleFactory, UserFactory

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
CASES = json.loads(
    (Path(__file__).parent / "data" / "char_count_cases.json").read_text()
)


def po_entries(path):
    """(msgid, msgid_plural or None, [msgstr…]) of a .po file, header left out;
    a msgid with a msgctxt is keyed as the .mo keys it ("context\x04msgid")."""
    entries, entry, key = [], {}, None
    for line in [*path.read_text().splitlines(), ""]:
        match = re.match(
            r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line
        )
        if match:
            key = match[1]
            entry[key] = match[2]
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
        elif not line.strip() and entry:
            entries.append(entry)
            entry, key = {}, None

    def text(s):
        return s.replace('\\"', '"').replace("\\n", "\n")

    def key(e):
        msgid = text(e["msgid"])
        return f"{text(e['msgctxt'])}\x04{msgid}" if "msgctxt" in e else msgid

    return [
        (
            key(e),
            text(e["msgid_plural"]) if "msgid_plural" in e else None,
            [text(v) for k, v in sorted(e.items()) if k.startswith("msgstr")],
        )
        for e in entries
        if e.get("msgid")
    ]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalog_says_what_the_po_file_says(domain):
    """The .mo is committed (as for locale/en): recompile it after editing the
    .po (`msgfmt -o django.mo django.po`)."""
    po = po_entries(CATALOGS / f"{domain}.po")
    with open(CATALOGS / f"{domain}.mo", "rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog
    assert len(po) >= 8
    for msgid, plural, msgstrs in po:
        assert all(msgstrs), f"untranslated: {msgid}"
        if plural:
            assert catalog[(msgid, 0)] == msgstrs[0]
        else:
            assert catalog[msgid] == msgstrs[0], msgid
    assert ("zh-hans", "简体中文") in settings.LANGUAGES
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert ROOT / "locale" in [Path(p) for p in settings.LOCALE_PATHS]


def test_what_django_left_in_english_is_chinese():
    from django.db.models.fields import BLANK_CHOICE_LABEL

    with translation.override("zh-hans"):
        assert str(BLANK_CHOICE_LABEL) == "— 请选择 —"
        assert translation.gettext("Filter by %(field_name)s") % {
            "field_name": "发布时间"
        } == ("按发布时间筛选")
        assert translation.gettext("Logout") == "注销"


@pytest.mark.django_db
def test_the_admin_scripts_catalog_has_the_timezone_note_and_the_editor(client):
    client.force_login(UserFactory(role=roles.REPORTER))
    script = client.get(reverse("admin:jsi18n")).content.decode()
    for chinese in (
        "您这里的时间比它慢",
        "编辑链接",
        "今天（%(date)s）",
        "取消",
        "一",
        "六",
    ):
        assert json.dumps(chinese)[1:-1] in script or chinese in script, chinese


@pytest.mark.django_db
def test_the_story_list_has_no_english_from_django(client):
    client.force_login(UserFactory(role=roles.EDITOR))
    ArticleFactory(publish_at=timezone.now())
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    for english in ("Select an option", "Filter by", "Delete selected"):
        assert english not in page
    assert "按发布时间筛选" in page and "— 请选择 —" in page
    assert re.search(r"<summary>\s*按状态\s*</summary>", page)
    assert " 以 " not in page


def test_the_page_counter_counts_what_the_server_counts():
    """static/js/char-count.js holds the same ranges as articles.text (the
    browser test runs both on tests/data/char_count_cases.json)."""
    script = (ROOT / "static" / "js" / "char-count.js").read_text()
    ranges = re.search(
        r"BEGIN COUNTED RANGES.*?\n\s*const COUNTED = (\[.*?\]);\n", script, re.S
    )
    assert ranges, "char-count.js lost its COUNTED list"
    assert json.loads(ranges[1]) == [list(r) for r in (*HAN_RANGES, *PUNCT_RANGES)]
    assert [count_characters(case["html"]) for case in CASES] == [
        case["count"] for case in CASES
    ]


@pytest.mark.django_db
def test_the_story_list_shows_the_latest_edited_first_and_scheduled_as_such(client):
    client.force_login(UserFactory(role=roles.EDITOR))
    now = timezone.now()
    old, new, scheduled = (
        ArticleFactory(headline="旧稿"),
        ArticleFactory(headline="新稿"),
        ArticleFactory(
            headline="定时稿",
            status=Article.Status.PUBLISHED,
            publish_at=now + timedelta(hours=3),
        ),
    )
    for article, hours in ((old, 5), (new, 0), (scheduled, 2)):
        Article.objects.filter(pk=article.pk).update(
            updated_at=now - timedelta(hours=hours)
        )
    response = client.get(reverse("admin:articles_article_changelist"))
    rows = response.context["cl"].result_list
    assert [a.headline for a in rows] == ["新稿", "定时稿", "旧稿"]
    states = re.findall(
        r'<td class="field-state_display">(.*?)</td>', response.content.decode()
    )
    assert states[1].startswith("定时发布（") and states[0] == "草稿"
    assert response.context["is_nav_sidebar_enabled"] is False
    scheduled_only = client.get(
        reverse("admin:articles_article_changelist") + "?state=scheduled"
    )
    assert [a.headline for a in scheduled_only.context["cl"].result_list] == ["定时稿"]
    live_only = client.get(
        reverse("admin:articles_article_changelist") + "?state=published"
    )
    assert list(live_only.context["cl"].result_list) == []


# The admin's stock wording as the newsroom reads it: every string below was
# once on screen (Django's or a library's zh_Hans, or no translation at all).
STOCK_WORDING_GONE = (
    "AXES",
    "Axes",
    "Access attempt",
    "Access failure",
    "Access log",
    "最近动作",
    "我的动作",
    "无可选的",
    "标签项",
    "增加 ",
    "选择 稿件 来修改",
    "你可以",
    "增加另一个",
    "添加另一个",
)


def without_tags(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_the_admin_home_names_every_app_in_chinese(client):
    client.force_login(UserFactory(role=roles.EDITOR, is_superuser=True))
    html = client.get(reverse("admin:index")).content.decode()
    text = without_tags(html)
    for chinese in ("登录防护", "登录尝试", "登录失败", "登录记录", "采编", "标签"):
        assert chinese in text, chinese
    for heading in ("最近操作", "我的操作", "暂无"):
        assert heading in text, heading
    for stock in STOCK_WORDING_GONE:
        assert stock not in html, stock
    assert 'href="/admin/articles/article/add/" class="addlink"' in html
    assert re.search(r'class="addlink"[^>]*>\s*新建\s*</a>', html)


@pytest.mark.django_db
def test_the_story_screens_headings_and_breadcrumbs_read_as_chinese(client):
    client.force_login(UserFactory(role=roles.EDITOR, first_name="晓峰"))
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "<h1>选择要修改的稿件</h1>" in listing
    assert re.search(r'class="addlink">\s*新建稿件\s*</a>', listing)
    assert "欢迎，<strong>晓峰</strong>。" in listing
    assert "</strong>." not in listing
    adding = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "<h1>新建稿件</h1>" in adding
    # The inlines' "add another" link, written by the admin's script.
    assert json.dumps("再添加一个署名")[1:-1] in adding
    crumbs = without_tags(
        re.search(r"<ol class=\"breadcrumbs\">(.*?)</ol>", adding, re.S)[1]
    )
    assert crumbs.replace("›", " ").split() == ["首页", "采编", "稿件", "新建稿件"]
    for stock in STOCK_WORDING_GONE:
        assert stock not in listing + adding, stock


@pytest.mark.django_db
def test_saved_messages_say_您_and_end_with_a_chinese_full_stop(client):
    client.force_login(UserFactory(role=roles.EDITOR, is_superuser=True))
    fields = {"name": "副刊", "slug": "fukan", "description": "", "order": 5}
    form = client.get(reverse("admin:articles_section_add")).content.decode()
    assert 'value="保存并新建"' in form and "保存并增加另一个" not in form
    added = client.post(
        reverse("admin:articles_section_add"), {**fields, "_continue": "1"}, follow=True
    )
    section = added.context["original"]
    messages = added.content.decode().split('<ul class="messagelist">')[1]
    assert re.search(
        r"已成功添加栏目“<a href=\"[^\"]+\">副刊</a>”。您可以在下面继续编辑。</li>",
        messages,
    )
    changed = client.post(
        reverse("admin:articles_section_change", args=[section.pk]),
        {**fields, "name": "副刊·周末", "_continue": "1"},
        follow=True,
    )
    messages = changed.content.decode().split('<ul class="messagelist">')[1]
    said = r"已成功修改栏目“<a href=\"[^\"]+\">副刊·周末</a>”。"
    assert re.search(said + "您可以在下面继续编辑。</li>", messages)
    for wrong in ("你", "。 ", ".</li>"):
        assert wrong not in messages.split("</ul>")[0], wrong
