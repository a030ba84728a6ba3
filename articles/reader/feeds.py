"""RSS and Atom feeds for the site, each section and each tag (Django's
syndication framework).

A story's summary is plain text, which the feeds say and keep: RSS
readers take `<description>` as HTML, so it goes out HTML-escaped; Atom's
`<summary>` is declared `type="text"` (Django declares "html"). Every text
is made fit for XML on the way out, so a control character in an old row
cannot break the feed."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from taggit.models import Tag

from ..models import Article, Section
from ..text import plain_text, xml_text
from .cache import cache_page, depends_on, list_name

ITEMS = 30


def _xml_safe(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return [_xml_safe(v) for v in value]
    return value


class XmlSafeFeedMixin:
    """Feed generators whose every text XML 1.0 can carry."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **{k: _xml_safe(v) for k, v in kwargs.items()})


class RssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    def add_item(self, *args, description=None, **kwargs):
        if description is not None:
            description = escape(description)
        super().add_item(*args, description=description, **kwargs)


class AtomFeed(XmlSafeFeedMixin, Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


@method_decorator(cache_page, name="__call__")
class LatestStoriesFeed(Feed):
    feed_type = RssFeed
    description_template = None

    def title(self, obj=None):
        return settings.NEWSROOM_SITE_NAME

    def link(self, obj=None):
        return reverse("articles:home")

    def description(self, obj=None):
        return settings.NEWSROOM_SITE_TAGLINE

    def stories(self, obj):
        depends_on("latest")
        return Article.objects.published()

    def items(self, obj=None):
        return (
            self.stories(obj)
            .with_bylines()
            .prefetch_related("tags")
            .order_by("-publish_at")[:ITEMS]
        )

    def item_title(self, item):
        return " ".join(p for p in (item.kicker, item.headline) if p)

    def item_description(self, item):
        return item.summary or plain_text(item.body)[:200]

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline() or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = AtomFeed
    subtitle = LatestStoriesFeed.description


class FilteredFeed(LatestStoriesFeed):
    """The latest stories of one section or tag, named by its slug."""

    model = None

    def get_object(self, request, slug):
        obj = get_object_or_404(self.model, slug=slug)
        depends_on(list_name(obj))
        return obj

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME} · {obj.name}"


class SectionFeed(FilteredFeed):
    model = Section

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return obj.description or obj.name

    def stories(self, obj):
        return Article.objects.published().filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = AtomFeed
    subtitle = SectionFeed.description


class TagFeed(FilteredFeed):
    model = Tag

    def link(self, obj=None):
        return reverse("articles:tag", args=[obj.slug])

    def description(self, obj=None):
        return obj.name

    def stories(self, obj):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = AtomFeed
    subtitle = TagFeed.description
