"""The reader site. Every public view selects stories through
`Article.objects.published()`; the preview shows a story in any state, to
its author and reviewers only (`preview.may_preview`)."""

from collections import Counter
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Q
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag, TaggedItem

from accounts.models import Correspondent

from ..models import (
    Article,
    ArticlePhoto,
    Correction,
    Credit,
    Photo,
    Section,
    Topic,
)
from . import frontpage, preview, search
from .cache import cache_page, depends_on, list_name
from .metadata import page_metadata

PAGE_SIZE = 20


def article_type():
    return ContentType.objects.get_for_model(Article)


def published_stories():
    return Article.objects.published().with_bylines()


def listed_stories():
    """Live stories as a list prints them: without the text and its search
    words, the largest columns, which only the story's own page shows."""
    return published_stories().defer("body", "search_text")


class CappedPaginator(Paginator):
    """Counting a list's stories on every page view is the slowest part of
    a list page, and grows with the archive (a section's count of 5,000
    took 25 ms at 1,000,000 stories), while nobody pages that deep: count
    at most MAX_PAGES pages' worth. `capped` says the list goes on; its
    last page then leads to the archive, where every day's stories are."""

    MAX_PAGES = 50

    @cached_property
    def count(self):
        # Unordered: any MAX_PAGES pages' worth counts the same, and the
        # database may then walk whichever index finds them soonest.
        cap = self.per_page * self.MAX_PAGES
        counted = self.object_list.order_by()[: cap + 1].count()
        self.capped = counted > cap
        return min(counted, cap)

    capped = False


@method_decorator(cache_page, name="dispatch")
class StoryListView(ListView):
    """A paginated list of live stories; bad page numbers are a 404."""

    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator


@method_decorator(cache_page, name="dispatch")
class HomeView(TemplateView):
    """The front page of a city daily: the 头条 with its photo, the 焦点图,
    section blocks, 最新 and 专题 (see `frontpage`). Older stories are in
    the sections and the archive, so the page has no page numbers."""

    template_name = "articles/home.html"

    def get(self, request, *args, **kwargs):
        # The home page used to have page numbers; it is one page now, and
        # any other page number is not found, as on every list.
        if (request.GET.get("page") or "1") != "1":
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        depends_on("home")
        page = frontpage.build()
        return super().get_context_data(
            front=page,
            sections=page.sections,
            **kwargs,
        )


class TopicView(StoryListView):
    """A 专题's page: its title, lead image and intro, then its live
    stories, newest first."""

    template_name = "articles/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(
            Topic.objects.select_related("lead_photo"), slug=self.kwargs["slug"]
        )
        depends_on(list_name(self.topic))
        return listed_stories().filter(
            pk__in=Topic.stories.through.objects.filter(topic=self.topic).values(
                "article_id"
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


#: Per tag, how many stories on either side of this one (by id, which
#: rises as stories are filed) may compete to be related.
RELATED_NEIGHBOURS = 50
#: Tags beyond these are not looked through (a story rarely has more).
RELATED_TAGS = 8


def related_stories(article, limit=5, window=timedelta(days=30)):
    """Live stories of the same month sharing the most tags with this one,
    newest first; without tags, the newest of its section.

    Only each tag's RELATED_NEIGHBOURS stories filed just before and just
    after this one compete, read from the (tag, id) index; a story shares
    the tags under which it is such a neighbour. A tag on 300,000 stories
    then costs what a tag on 30 does, and two queries find them, each an
    index range or a lookup by id, whatever the planner thinks of the tags."""
    stories = Article.objects.published().only("pk", "headline", "publish_at")
    if article.publish_at:
        stories = stories.filter(
            publish_at__range=(article.publish_at - window, article.publish_at + window)
        )
    tag_ids = [tag.pk for tag in article.tag_list][:RELATED_TAGS]
    if tag_ids:
        shared = Counter(tag_neighbours(article.pk, tag_ids))
        live = stories.filter(pk__in=shared).values_list("pk", "headline", "publish_at")
        best = sorted(live, key=lambda row: (shared[row[0]], row[0]), reverse=True)
        # Read as rows, and only the stories shown made into Articles: the
        # page cache notes every story loaded as one the page depends on,
        # and the candidates it does not show are no such thing.
        return [
            Article(pk=pk, headline=headline, publish_at=publish_at)
            for pk, headline, publish_at in sorted(
                best[:limit], key=lambda row: (row[2], row[0]), reverse=True
            )
        ]
    if article.section_id:
        return list(
            stories.filter(section_id=article.section_id).exclude(pk=article.pk)[:limit]
        )
    return []


def tag_neighbours(pk, tag_ids) -> list[int]:
    """The ids of the stories filed just before and just after story `pk`
    under each of these tags, once per tag. Each part is a range read of
    the (tag, content type, id) index (migration 0019); wrapped in its own
    SELECT, a part may carry its ORDER BY and LIMIT on SQLite too."""
    part = (
        "SELECT object_id FROM (SELECT object_id FROM {table}"
        " WHERE tag_id = %s AND content_type_id = %s AND object_id {op} %s"
        " ORDER BY object_id {order} LIMIT %s) AS {alias}"
    )
    parts, params = [], []
    table = connection.ops.quote_name(TaggedItem._meta.db_table)
    content_type = article_type().pk
    for n, tag in enumerate(tag_ids):
        for side, (op, order) in enumerate((("<", "DESC"), (">", "ASC"))):
            alias = f"t{n}_{side}"
            parts.append(part.format(table=table, op=op, order=order, alias=alias))
            params += [tag, content_type, pk, RELATED_NEIGHBOURS]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [int(row[0]) for row in cursor.fetchall()]


def page_relations(article):
    """Load onto a story everything its page prints, in the same number of
    queries however many photos, names and tags it carries: `tag_list`
    (in the order of their ids), `correction_list`, the byline as
    `byline_credits`, the photos in order as `photo_uses`, and each
    photo's credits as `photo.credit_list`. A photo still 处理中 (or
    处理失败) has no renditions to show and is left out until it is ready.
    The story's section, 责任编辑 and printed page come with the story
    (`page_story`)."""
    pk = article.pk
    article.tag_list = list(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type_id=article_type().pk,
            taggit_taggeditem_items__object_id=pk,
        ).order_by("pk")
    )
    article.correction_list = list(Correction.objects.filter(article_id=pk))
    article.photo_uses = list(
        ArticlePhoto.objects.filter(
            article_id=pk, photo__status=Photo.READY
        ).select_related("photo")
    )
    photos = {use.photo_id: use.photo for use in article.photo_uses}
    # The byline and the photos' credits in one query.
    credits = Credit.objects.select_related("correspondent")
    if photos:
        credits = credits.filter(Q(article_id=pk) | Q(photo_id__in=photos))
    else:
        credits = credits.filter(article_id=pk)
    article.byline_credits = []
    for photo in photos.values():
        photo.credit_list = []
    for credit in credits:
        if credit.article_id == pk:
            article.byline_credits.append(credit)
        else:
            photos[credit.photo_id].credit_list.append(credit)
    return article


def page_story(pk):
    """The story, in any state, with its section, 责任编辑 and printed page;
    None if there is none."""
    stories = Article.objects.select_related(
        "section", "responsible_editor", "page__edition"
    )
    try:
        return stories.get(pk=pk)
    except Article.DoesNotExist:
        return None


@method_decorator(cache_page, name="dispatch")
class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        # One query tells a live story from a withdrawn (410) or a missing
        # one (404); only a live story's relations are loaded.
        article = page_story(self.kwargs["pk"])
        if article is None or not article.is_live():
            if article is not None and article.status == Article.Status.WITHDRAWN:
                return render(request, "articles/article_gone.html", status=410)
            raise Http404
        self.object = page_relations(article)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        # The story and the related stories shown, noted as they load.
        depends_on()
        context = super().get_context_data(**kwargs)
        context["related"] = related_stories(self.object)
        context.update(page_metadata(self.request, self.object))
        return context


def article_redirect(request, pk, rest=""):
    """Older and alternate forms of a story's address answer 301 to the one
    canonical, id-based URL."""
    if not pk.isdigit() or int(pk) == 0:
        raise Http404
    return HttpResponsePermanentRedirect(
        reverse("articles:detail", kwargs={"pk": int(pk)})
    )


@login_required
def preview_view(request, token):
    """Any state of a story in the public template, for its author and its
    reviewers only, never cached."""
    article = preview.article_for(token)
    if article is None or not preview.may_preview(request.user, article):
        raise Http404
    article = page_relations(page_story(article.pk))
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "preview": True, "related": []},
    )
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


class SectionView(StoryListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        depends_on(list_name(self.section))
        return listed_stories().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section, sections=Section.objects.all(), **kwargs
        )


class TagView(StoryListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        depends_on(list_name(self.tag))
        # A semi-join lets the database walk stories newest first and stop
        # after a page, instead of joining every story with the tag.
        tagged = TaggedItem.objects.filter(
            tag=self.tag, content_type=article_type()
        ).values("object_id")
        return listed_stories().filter(pk__in=tagged)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class CorrespondentView(StoryListView):
    template_name = "articles/correspondent_detail.html"

    def get_queryset(self):
        self.correspondent = get_object_or_404(
            Correspondent.objects.select_related("affiliation"),
            slug=self.kwargs["slug"],
        )
        depends_on(list_name(self.correspondent))
        return listed_stories().filter(
            pk__in=Credit.objects.filter(correspondent=self.correspondent).values(
                "article_id"
            )
        )

    def get_context_data(self, **kwargs):
        # The person's kind is said once at the top; each story then shows
        # its byline as printed, which names their role in it.
        return super().get_context_data(correspondent=self.correspondent, **kwargs)


def search_view(request):
    query = search.clean_query(request.GET.get("q", ""))
    words = search.terms(query)
    depends_on("search")
    results = search.search(published_stories(), query) if words else None
    page = None
    if results is not None:
        page = paginate(request, results)
        for article in page.object_list:
            article.snippet = search.snippet(article, words)
    response = render(
        request,
        "articles/search.html",
        {
            "query": query,
            "words": words,
            "page_obj": page,
            "articles": page.object_list if page else [],
            "too_long": len(request.GET.get("q", "")) > search.MAX_QUERY,
        },
    )
    patch_cache_control(response, public=True, max_age=60)
    return response


def paginate(request, queryset):
    paginator = CappedPaginator(queryset, PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404 from None


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
