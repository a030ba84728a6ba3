"""The archive: the months that have stories, and the stories of a month or
of a day (Django's date-based generic views)."""

from django.utils.decorators import method_decorator
from django.views.generic.dates import (
    ArchiveIndexView,
    DayArchiveView,
    MonthArchiveView,
)

from ..models import Article
from .cache import cache_page, depends_on
from .views import PAGE_SIZE, CappedPaginator, published_stories


class ArchiveMixin:
    date_field = "publish_at"
    month_format = "%m"
    # `published()` already holds back what is not yet live; a day with no
    # stories is an empty page, not a 404.
    allow_future = True
    allow_empty = True
    context_object_name = "articles"
    template_name = "articles/archive.html"

    def get_queryset(self):
        return published_stories()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "months",
            Article.objects.published().datetimes("publish_at", "month", order="DESC"),
        )
        return context


@method_decorator(cache_page, name="dispatch")
class ArchiveIndex(ArchiveMixin, ArchiveIndexView):
    """The calendar of months that have stories."""

    date_list_period = "month"

    def get_queryset(self):
        depends_on("archive")
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        return super().get_context_data(months=kwargs["date_list"], **kwargs)


class DatedArchiveMixin(ArchiveMixin):
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator

    def get_queryset(self):
        # The month's or day's list, named as `cache.archive_names` names it.
        # The months named at the side follow within the cache's lifetime.
        parts = (self.kwargs.get(name) for name in ("year", "month", "day"))
        depends_on("archive:" + "-".join(f"{int(p):02}" for p in parts if p))
        return super().get_queryset()

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return None  # the page lists stories, not the days that have them

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title(kwargs), **kwargs)


@method_decorator(cache_page, name="dispatch")
class MonthArchive(DatedArchiveMixin, MonthArchiveView):
    def title(self, context):
        return f"{context['month'].year}年{context['month'].month}月"


@method_decorator(cache_page, name="dispatch")
class DayArchive(DatedArchiveMixin, DayArchiveView):
    def title(self, context):
        day = context["day"]
        return f"{day.year}年{day.month}月{day.day}日"
