"""The reader site. Every view selects stories through
`Article.objects.published()`."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from accounts.models import Correspondent

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


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return published_stories().prefetch_related(
            "tags",
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
