"""No input is a 500: a fuzz of every URL pattern and every admin form.

- Every URL pattern the resolver knows (admin, reader, feeds, sitemaps,
  media) is requested with hostile path segments (huge numbers, NUL and
  other control characters, traversal, broken UTF-8, the Big List of
  Naughty Strings) as a superuser and anonymously, GET and POST, with
  hostile query strings.
- Every admin add and change form (story, photo, section, 署名人, 单位, tag,
  group, user, 敏感词) is posted as a superuser with hostile text in every field
  and in its inline rows, a real picture in the photo form, and now and
  then a real choice or version so the save gets deep.

Hypothesis draws the cases (derandomized, no example database, so a run
is the same everywhere); sized to run in well under a minute. Each test
prints how many requests it made and how many were 500s (always 0, or it
fails naming them)."""

import re
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Organisation
from articles.models import Article, SensitiveWord

from .conftest import load_blns
from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    PhotoFactory,
    SectionFactory,
    UserFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db

BLNS = load_blns()
CONTROLS = "".join(map(chr, [*range(0x20), 0x7F, 0x85, 0x9F, 0xFFFE, 0xFFFF]))
#: Path segments every pattern gets, already %-encoded where they must be.
SEGMENTS = [
    "99999999999999999999",
    "-1",
    "%00",
    "a%0bb",
    "..%2F..%2Fetc%2Fpasswd",
    "%ED%A0%80",  # a lone surrogate as UTF-8: not valid UTF-8
    quote("<script>alert(1)</script>"),
    quote("' OR 1=1--"),
    quote("٣"),  # a digit, but not an ASCII one
]
#: Search, page, ordering and date parameters no page offers like this.
HOSTILE_QUERY = urlencode(
    {
        "q": "\x00\x0b<script>",
        "p": "99999999999999999999",
        "page": "-1",
        "o": "\x00",
        "publish_at__year": "99999999999999999999",
    }
)
FUZZ = settings(
    max_examples=120,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

hostile_text = st.one_of(
    st.sampled_from(BLNS),
    st.text(alphabet=CONTROLS, min_size=1, max_size=5),
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(BLNS), st.sampled_from(CONTROLS)),
)


class Tally:
    """Requests made and the ones that were 500s."""

    def __init__(self, client):
        self.client = client
        client.raise_request_exception = False
        self.requests = 0
        self.errors = []

    def __call__(self, method, url, data=None):
        response = getattr(self.client, method)(url, data or {})
        self.requests += 1
        if response.status_code >= 500:
            self.errors.append((method, url, response.status_code))
        return response

    def report(self, capsys, what):
        with capsys.disabled():
            print(f"\n[fuzz] {what}: {self.requests} requests,", end=" ")
            print(f"{len(self.errors)} × 500")
        assert self.errors == [], self.errors[:10]


# ------------------------------------------------------------- the URLs


def url_patterns(patterns=None, prefix=""):
    """(route, number of placeholders) for every pattern of the resolver."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + _template(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, route)
        else:
            yield route


HOLE = "{}"


def _template(pattern: str) -> str:
    """A route or a regex as a template with {} for each parameter."""
    pattern = re.sub(r"\(\?P<\w+>[^)]*\)", HOLE, pattern)
    pattern = re.sub(r"<[^>]+>", HOLE, pattern)
    return pattern.removeprefix("^").removesuffix("$").replace("/?", "/")


ROUTES = sorted(set(url_patterns()))


def segments_for(route, few=False):
    if HOLE not in route:
        return [""]
    return SEGMENTS[:3] if few else SEGMENTS


def fill(route, segments):
    parts = route.split(HOLE)
    url = parts[0]
    for segment, part in zip(segments, parts[1:], strict=False):
        url += segment + part
    return "/" + url


@pytest.fixture
def newsroom(superuser):
    """One of everything, so a real id is at hand beside the hostile ones."""
    article = ArticleFactory(created_by=superuser)
    article.tags.add("工会")
    return {
        "article": article,
        "photo": PhotoFactory(),
        "section": SectionFactory(),
        "correspondent": CorrespondentFactory(),
        "organisation": Organisation.objects.create(name="江城市总工会"),
        "user": UserFactory(),
        "sensitiveword": SensitiveWord.objects.create(word="某禁用词"),
    }


def test_every_url_pattern_with_hostile_segments(client, superuser, newsroom, capsys):
    tally = Tally(client)
    for route in ROUTES:
        # Anonymously the admin only ever asks to log in: a few will do.
        admin_route = route.startswith("admin/")
        for segment in segments_for(route, few=admin_route):
            url = fill(route, [segment] * 3)
            tally("get", url)
            tally("post", url, {"q": "\x00"})
    client.force_login(superuser)
    for route in ROUTES:
        for segment in segments_for(route):
            url = fill(route, [segment] * 3)
            tally("get", url)
        tally("get", f"{url}?{HOSTILE_QUERY}")
        if route.startswith("admin/"):
            for segment in segments_for(route, few=True):
                tally("post", fill(route, [segment] * 3), {"post": "yes", "q": "\x0b"})
    tally.report(capsys, f"{len(ROUTES)} URL patterns × {len(SEGMENTS)} segments")


def test_url_patterns_with_drawn_segments_and_queries(
    client, superuser, newsroom, capsys
):
    client.force_login(superuser)
    tally = Tally(client)
    real = [str(newsroom["article"].pk), str(newsroom["photo"].pk), "1", "工会"]
    segment = st.one_of(
        st.sampled_from(SEGMENTS + real),
        hostile_text.map(lambda text: quote(text, safe="", errors="replace")),
    )

    @FUZZ
    @given(
        route=st.sampled_from(ROUTES),
        segments=st.lists(segment, min_size=3, max_size=3),
        query=st.dictionaries(
            st.sampled_from(
                ["q", "p", "page", "o", "e", "publish_at__year", "_popup", "next"]
            ),
            hostile_text,
            max_size=3,
        ),
    )
    def request(route, segments, query):
        url = fill(route, segments)
        query = urlencode(query, errors="replace")
        tally("get", f"{url}?{query}")

    request()
    tally.report(capsys, "URL patterns with drawn segments and queries")


# ---------------------------------------------------------- the admin forms

#: The admin forms posted: (model, the fixture's object for the change form).
FORMS = {
    "article": "article",
    "photo": "photo",
    "section": "section",
    "correspondent": "correspondent",
    "organisation": "organisation",
    "tag": None,
    "group": None,
    "user": "user",
    "sensitiveword": "sensitiveword",
    # The front page's screens: the add form (a placement needs a live story).
    "placement": None,
    "topic": None,
}


def admin_for(name):
    return next(
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.model_name == name
    )


def field_data(name, field, draw, obj):
    """What a hostile browser might post for one form field."""
    text = draw(hostile_text)
    if isinstance(field.widget, forms.HiddenInput) and name == "base_version":
        real = str(getattr(obj, "version", 1))
        return {name: draw(st.sampled_from([real, real, text]))}
    if isinstance(field, forms.FileField):
        upload = draw(st.sampled_from(["picture", "junk"]))
        content = jpeg_bytes((draw(st.integers(1, 90)), 40))
        if upload == "junk":
            content = text.encode("utf-8", "replace")
        return {name: SimpleUploadedFile(text[:50] or "x.jpg", content)}
    if isinstance(field.widget, forms.MultiWidget):
        return {f"{name}_{i}": draw(hostile_text) for i in range(2)}
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.values_list("pk", flat=True).first()
        return {name: draw(st.sampled_from([[str(first)], [text]]))}
    if isinstance(field, forms.ChoiceField):
        choices = [str(value) for value, _label in field.choices if value != ""]
        return {name: draw(st.sampled_from([*choices[:3], text]))}
    if isinstance(field, forms.BooleanField):
        return {name: draw(st.sampled_from(["on", "", text]))}
    return {name: text}


def form_data(model_admin, request, obj, draw):
    form = model_admin.get_form(request, obj, change=obj is not None)(instance=obj)
    data = {}
    for name, field in form.fields.items():
        data.update(field_data(name, field, draw, obj))
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        rows = draw(st.sampled_from(["0", "1", "1", draw(hostile_text)]))
        data[f"{prefix}-TOTAL_FORMS"] = rows
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        sub = formset.form(prefix=f"{prefix}-0")
        for name, field in sub.fields.items():
            for key, value in field_data(name, field, draw, None).items():
                data[f"{prefix}-0-{key}"] = value
    if obj is not None and isinstance(obj, Article):
        data["_workflow"] = draw(
            st.sampled_from(["", "submit", "send_back", "publish", "schedule", "x"])
        )
        data["workflow-comment"] = draw(hostile_text)
    return data


@pytest.mark.parametrize("model", FORMS)
def test_every_admin_form_with_hostile_input(
    client, superuser, newsroom, capsys, model
):
    client.force_login(superuser)
    tally = Tally(client)
    model_admin = admin_for(model)
    request = RequestFactory().get("/")
    request.user = superuser
    app = model_admin.model._meta.app_label
    objects = [None]
    if FORMS[model]:
        objects.append(newsroom[FORMS[model]])

    @settings(FUZZ, max_examples=25)
    @given(data=st.data(), change=st.sampled_from(objects))
    def post(data, change):
        obj = type(change).objects.filter(pk=change.pk).first() if change else None
        if change is not None and obj is None:
            return  # deleted by an earlier example
        url = (
            f"/admin/{app}/{model}/{obj.pk}/change/"
            if obj
            else f"/admin/{app}/{model}/add/"
        )
        tally("post", url, form_data(model_admin, request, obj, data.draw))

    post()
    tally.report(capsys, f"admin {model} form")
