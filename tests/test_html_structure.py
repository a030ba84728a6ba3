"""Every page the newsroom uses is sound as a browser parses it: no form
inside another, no named control outside every form, no id used twice.

The checker itself (tests/html_structure.py) is tested first on small pages
whose faults are known; then each admin page is rendered as the person who
opens it, and each reader page as a reader.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from taggit.models import Tag

from accounts.models import Correspondent
from articles import revisions

from . import images as files
from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    CorrespondentFactory,
    CreditFactory,
    OrganisationFactory,
    PhotoFactory,
    SectionFactory,
)
from .html_structure import problems
from .workflow_helpers import make_newsroom, step_form

# ------------------------------------------------------------------ checker


def page(body):
    head = "<!doctype html><html lang=zh-CN><head><title>稿件</title></head>"
    return f"{head}<body>{body}</body></html>"


def test_a_clean_page_passes():
    html = page(
        '<form id="changelist-search"><input type="text" name="q" id="searchbar">'
        '<input type="submit" value="搜索"></form>'
        '<form method="post" id="article_form">'
        '<input name="headline" id="id_headline">'
        '<select name="section" id="id_section"><option>要闻</option></select>'
        '<textarea name="body" id="id_body"></textarea>'
        '<table><tr><td><input name="credits-0-role"></td></tr></table>'
        '<div class="submit-row"><input type="submit" name="_save" value="保存">'
        "</div></form>"
        # Controls with no name are never submitted: nothing to own them.
        '<input type="search" id="nav-filter"><button type="button">切换主题</button>'
    )
    assert problems(html) == []


def test_a_form_inside_a_form_is_flagged_and_so_is_what_it_strands():
    # The shape of the story change form today: the review form sits in the
    # change form's form_top block.
    html = page(
        '<form method="post" id="article_form">\n'
        '<section><form method="post" action="/workflow/">\n'
        '<textarea name="comment"></textarea>\n'
        '<button type="submit" name="action" value="approve">审签通过</button>\n'
        "</form></section>\n"
        '<input name="headline" id="id_headline">\n'
        '<input type="submit" name="_continue" value="保存并继续编辑">\n'
        "</form>"
    )
    found = problems(html)
    assert found == [
        'line 2: <form action="/workflow/"> inside <form id="article_form">: '
        "the browser drops this start tag, and its </form> closes the outer form",
        'line 6: <input name="headline" id="id_headline"> is outside any form: '
        "the browser will not submit it",
        'line 7: <input type="submit" name="_continue" value="保存并继续编辑"> is '
        "outside any form: the browser will not submit it",
    ]


def test_a_form_start_tag_in_a_table_inside_a_form_is_flagged():
    html = page(
        '<form id="outer"><table><form id="inner"><tr><td>'
        '<input name="a"></td></tr></table></form>'
    )
    assert problems(html) == [
        'line 1: <form id="inner"> inside <form id="outer">: the browser drops '
        "this start tag, and its </form> closes the outer form"
    ]


@pytest.mark.parametrize("tag", ["input", "select", "textarea", "button"])
def test_a_named_control_outside_any_form_is_flagged(tag):
    close = "" if tag == "input" else f"</{tag}>"
    html = page(f'<form id="f"></form><p><{tag} name="orphan">{close}</p>')
    (problem,) = problems(html)
    assert f'<{tag} name="orphan"> is outside any form' in problem


def test_a_form_ended_early_keeps_what_still_sits_inside_it():
    # The form's end tag, met while a div is still open, takes the form off
    # the parser's stack: "after" is still inside the form in the tree, so
    # the form owns it; "later" comes after the form and has no owner.
    html = page(
        '<form id="f"><div><input name="inside"></form>'
        '<input name="after"></div><input name="later">'
    )
    assert [line.split(" is ")[0] for line in problems(html)] == [
        'line 1: <input name="later">',
    ]


def test_a_form_attribute_naming_a_form_gives_an_owner():
    html = page(
        '<form id="review" method="post" action="/workflow/"></form>'
        '<form id="article_form" method="post">'
        '<textarea name="comment" form="review"></textarea>'
        '<button name="action" value="approve" form="review">审签通过</button>'
        '<input name="headline"></form>'
        '<input type="submit" name="_save" form="article_form">'
    )
    assert problems(html) == []


@pytest.mark.parametrize(
    "target",
    [
        '<div id="review"></div>',  # an id, but not a form's
        "",  # nothing with that id
        '<form id="x"><form id="review"></form></form>',  # dropped by the parser
    ],
)
def test_a_form_attribute_naming_no_form_is_flagged(target):
    html = page(f'{target}<form id="f"><input name="comment" form="review"></form>')
    assert any(
        "names form='review', but no <form> has that id" in line
        for line in problems(html)
    )


def test_an_unnamed_button_naming_a_missing_form_is_flagged():
    # As the revisions page's restore buttons point at their forms.
    html = page(
        '<form id="compare"><button form="restore-2">恢复此版本</button></form>'
        '<form id="restore-3" method="post"></form>'
    )
    assert problems(html) == [
        "line 1: <button form=\"restore-2\"> names form='restore-2', but no "
        "<form> has that id: it belongs to no form"
    ]


def test_a_form_attribute_finds_the_first_element_with_the_id():
    # getElementById("review") is the div, so the input has no form owner.
    html = page(
        '<div id="review"></div><form id="review"></form><input name="c" form="review">'
    )
    assert problems(html) == [
        "duplicate id 'review' (2 elements)",
        'line 1: <input name="c" form="review"> names form=\'review\', but no '
        "<form> has that id: it belongs to no form",
    ]


def test_a_duplicate_id_is_flagged():
    html = page(
        '<form id="f"><label for="id_comment">意见</label>'
        '<textarea id="id_comment" name="comment"></textarea>'
        '<input id="id_comment" name="comment2"></form>'
    )
    assert problems(html) == ["duplicate id 'id_comment' (2 elements)"]


def test_a_template_element_is_refused_rather_than_misjudged():
    html = page('<form id="f"></form><template><input name="row"></template>')
    assert "<template> is not modelled" in problems(html)[0]


# ------------------------------------------------------------ the sweep

PAGE_TEXT = """\
江城新增十二家户外劳动者服务站

11月23日，江城市总工会在市民广场举行服务站揭牌仪式，新增的十二家服务站\
向快递员、环卫工人等户外劳动者开放。

服务站配有饮水机、微波炉和急救箱，每天早七点到晚九点开放。

记者 林晓峰
"""


@pytest.fixture
def newsroom(db):
    people = make_newsroom()
    people.section = SectionFactory(name="要闻", slug="yaowen")
    return people


def story_with_bylines(people, state="published", **fields):
    article = people.story(state, section=people.section, **fields)
    unit = OrganisationFactory(name="江城市总工会")
    xu = CorrespondentFactory(
        name="许文静", kind=Correspondent.Kind.CORRESPONDENT, affiliation=unit
    )
    CreditFactory(article=article, correspondent=xu, role="correspondent")
    article.tags.add("工会", "职工服务")
    photo = PhotoFactory(checksum="a" * 64)
    CreditFactory(photo=photo, correspondent__name="陈立新", role="photo")
    ArticlePhotoFactory(article=article, photo=photo)
    return article


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def upload(name, data, content_type):
    return SimpleUploadedFile(name, data, content_type)


def story_list(people):
    people.story("stage1", headline="工会服务站")
    return reverse("admin:articles_article_changelist")


def story_search(people):
    return story_list(people) + "?q=工会&status__exact=submitted"


def story_revisions(people):
    story = people.story("stage1")
    return reverse("admin:articles_article_revisions", args=[story.pk])


def revisions_compared(people):
    story = people.story("draft", headline="第一稿")
    story.headline = "第二稿"
    story.version += 1
    story.save()
    revisions.record(story, by=people.author)
    url = reverse("admin:articles_article_revisions", args=[story.pk])
    return url + "?a=1&b=2"


def refused_step(people):
    """The story's page after a refused review step (shown with the refusal)."""
    story = people.story("stage1")
    url = reverse("admin:articles_article_change", args=[story.pk])
    return url, step_form(story, "publish", "意见")


def photo_list(people):
    PhotoFactory()
    return reverse("admin:articles_photo_changelist")


def photo_change(people):
    # Uploaded by the outside correspondent, the one role that sees only its own.
    photo = PhotoFactory(checksum="b" * 64, uploaded_by=people.outsider)
    CreditFactory(photo=photo, correspondent__name="陈立新", role="photo")
    return reverse("admin:articles_photo_change", args=[photo.pk])


def bulk_upload_done(people):
    return reverse("admin:articles_photo_upload"), {
        "files": [
            upload("a.jpg", files.jpeg(), "image/jpeg"),
            upload("b.jpg", b"not an image", "image/jpeg"),
        ],
        "caption": "技能大赛现场。",
        "alt_text": "选手比赛",
        "tags": "技能大赛",
    }


def import_post(make_data):
    return lambda people: (reverse("admin:articles_article_import"), make_data())


def correspondent_change(people):
    person = CorrespondentFactory(affiliation=OrganisationFactory())
    return reverse("admin:accounts_correspondent_change", args=[person.pk])


def url(name, *args):
    return lambda people: reverse(name, args=args)


ROLES = ("author", "outsider", "editor", "desk", "chief", "superuser")

#: page -> (who opens it, how to reach it: people -> url, or (url, POST data)).
ADMIN_PAGES = {
    "login": (None, url("admin:login")),
    **{f"dashboard-{who}": (who, url("admin:index")) for who in ROLES},
    **{f"story-list-{who}": (who, story_list) for who in ROLES},
    "story-list-search": ("editor", story_search),
    **{
        f"story-add-{who}": (who, url("admin:articles_article_add"))
        for who in ("author", "outsider", "editor")
    },
    # A story shown without review buttons to the person opening it.
    "story-change-stage1-as-author": ("author", lambda p: change(p.story("stage1"))),
    "story-change-published-as-author": (
        "author",
        lambda p: change(story_with_bylines(p)),
    ),
    "story-change-withdrawn-as-chief": (
        "chief",
        lambda p: change(story_with_bylines(p, "withdrawn")),
    ),
    "story-revisions": ("author", story_revisions),
    "story-revisions-compared": ("author", revisions_compared),
    "story-step-refused": ("editor", refused_step),
    **{f"photo-list-{who}": (who, photo_list) for who in ("author", "desk")},
    **{
        f"photo-add-{who}": (who, url("admin:articles_photo_add"))
        for who in ("author", "outsider")
    },
    **{
        f"photo-change-{who}": (who, photo_change)
        for who in ("author", "outsider", "desk")
    },
    "photo-bulk-upload": ("author", url("admin:articles_photo_upload")),
    "photo-bulk-upload-done": ("author", bulk_upload_done),
    "import": ("editor", url("admin:articles_article_import")),
    "import-preview": (
        "editor",
        import_post(
            lambda: {
                "file": upload("page.txt", PAGE_TEXT.encode(), "text/plain"),
                "date": "2022-11-30",
                "status": "draft",
            }
        ),
    ),
    "import-refused-file": (
        "editor",
        import_post(
            lambda: {"file": upload("x.txt", b"\xff\xfe\xfa\xfb\xc0", "text/plain")}
        ),
    ),
    "import-done": (
        "editor",
        import_post(
            lambda: {
                "text": PAGE_TEXT,
                "date": "2022-11-30",
                "status": "draft",
                "confirm": "1",
            }
        ),
    ),
    **{
        f"correspondent-add-{who}": (who, url("admin:accounts_correspondent_add"))
        for who in ("author", "editor")
    },
    "correspondent-change": ("editor", correspondent_change),
    "organisation-add": ("editor", url("admin:accounts_organisation_add")),
    "section-list": ("desk", url("admin:articles_section_changelist")),
    **{
        f"section-add-{who}": (who, url("admin:articles_section_add"))
        for who in ("desk", "chief")
    },
    "section-change": (
        "chief",
        lambda p: reverse("admin:articles_section_change", args=[p.section.pk]),
    ),
}

READER_PAGES = {
    "home": lambda p, story: reverse("articles:home"),
    "article": lambda p, story: story.get_absolute_url(),
    "section": lambda p, story: story.section.get_absolute_url(),
    "tag": lambda p, story: reverse(
        "articles:tag", args=[Tag.objects.get(name="工会").slug]
    ),
    "correspondent": lambda p, story: Correspondent.objects.get(
        name="许文静"
    ).get_absolute_url(),
    "search": lambda p, story: reverse("articles:search") + "?q=工会",
    "search-empty": lambda p, story: reverse("articles:search"),
    "archive": lambda p, story: reverse("articles:archive"),
    "archive-month": lambda p, story: reverse(
        "articles:archive-month",
        args=[story.publish_at.year, story.publish_at.month],
    ),
    "not-found": lambda p, story: "/section/no-such-section/",
}

STATUS = {"not-found": 404}


def assert_sound(html):
    found = problems(html)
    assert found == [], "\n".join(found)


def render(client, name, user, target):
    if user is not None:
        client.force_login(user)
    if isinstance(target, tuple):
        url, data = target
        response = client.post(url, data, follow=True)
    else:
        response = client.get(url := target)
    assert response.status_code == STATUS.get(name, 200), (url, response)
    return response.content.decode()


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_page_has_sound_structure(client, newsroom, name):
    who, reach = ADMIN_PAGES[name]
    user = getattr(newsroom, who) if who else None
    html = render(client, name, user, reach(newsroom))
    assert_sound(html)


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_page_has_sound_structure(client, newsroom, name):
    story = story_with_bylines(newsroom)
    ArticleFactory()  # a draft, which no reader page shows
    html = render(client, name, None, READER_PAGES[name](newsroom, story))
    assert_sound(html)


def assert_review_buttons_shown(html):
    # Not an assert: the expected failure below is an AssertionError, and a
    # page without the review buttons must fail outright, not pass as expected.
    if 'name="_workflow"' not in html:
        pytest.fail("the page shows no review buttons: this case checks nothing")


#: Each state's story, opened by the person whose review buttons it shows.
@pytest.mark.parametrize(
    ("state", "who"),
    [
        pytest.param(state, who, id=f"{state}-as-{who}")
        for state, who in [
            ("draft", "author"),
            ("returned", "author"),
            ("stage1", "editor"),
            ("stage2", "desk"),
            ("stage3", "chief"),
            ("approved", "chief"),
            ("scheduled", "chief"),
            ("published", "chief"),
        ]
    ],
)
def test_story_change_form_has_sound_structure(client, newsroom, state, who):
    story = story_with_bylines(newsroom, state)
    html = render(client, "story-change", getattr(newsroom, who), change(story))
    assert_review_buttons_shown(html)
    assert_sound(html)


def test_correspondents_own_draft_change_form_has_sound_structure(client, newsroom):
    draft = ArticleFactory(created_by=newsroom.outsider, section=newsroom.section)
    html = render(client, "story-change", newsroom.outsider, change(draft))
    assert_review_buttons_shown(html)
    assert_sound(html)
