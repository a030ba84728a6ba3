"""The reader site. Every view selects stories through
`Article.objects.published()`."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from accounts.models import Correspondent

from . import preview
from .models import Article, ArticlePhoto, Credit, Section

PAGE_SIZE = 20


def published_stories():
    return Article.objects.published().with_bylines()


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return published_stories()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = Section.objects.all()
        return context


def with_page_relations(queryset):
    """Everything the article page prints, in a fixed number of queries."""
    return queryset.prefetch_related(
        "tags",
        "corrections",
        Prefetch(
            "article_photos",
            queryset=ArticlePhoto.objects.select_related("photo").prefetch_related(
                Prefetch(
                    "photo__credits",
                    queryset=Credit.objects.select_related("correspondent"),
                )
            ),
        ),
    )


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return with_page_relations(published_stories())

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            withdrawn = Article.objects.filter(
                pk=self.kwargs["pk"], status=Article.Status.WITHDRAWN
            ).first()
            if withdrawn is None:
                raise
            return render(
                request,
                "articles/article_gone.html",
                {"article": withdrawn},
                status=410,
            )


@login_required
def preview_view(request, token):
    """Any state of a story in the public template, for its author and its
    reviewers only, never cached."""
    article = preview.article_for(token)
    if article is None or not preview.may_preview(request.user, article):
        raise Http404
    article = with_page_relations(
        Article.objects.with_bylines().filter(pk=article.pk)
    ).get()
    response = render(
        request, "articles/article_detail.html", {"article": article, "preview": True}
    )
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


class SectionView(ListView):
    template_name = "articles/section_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return published_stories().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return published_stories().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class CorrespondentView(ListView):
    template_name = "articles/correspondent_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.correspondent = get_object_or_404(
            Correspondent.objects.select_related("affiliation"),
            slug=self.kwargs["slug"],
        )
        return (
            published_stories()
            .filter(credits__correspondent=self.correspondent)
            .distinct()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(correspondent=self.correspondent, **kwargs)
