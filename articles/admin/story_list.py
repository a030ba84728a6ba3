"""The story list's filters, its counting and search, and the pages that
spike a story (废稿) and restore it; the rules are in articles.spike.

With a million stories the list must never count them all: its paginator
counts at most `CappedPaginator.cap` rows (one LIMITed subquery) and says
"1,000+" beyond that; pages go as deep as the cap, and older stories are
found with the dates, the filters or the search. On PostgreSQL the search
reads the stored, GIN-indexed search vector instead of scanning every
headline (articles.reader.search)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import Correspondent

from .. import spike
from ..models import Article, Credit
from ..reader.search import (
    clean_query,
    holds,
    newest_matches,
    terms,
    tsquery,
)
from .pages import story_page

SCHEDULED = "scheduled"


class StateFilter(admin.SimpleListFilter):
    """By state, with 定时发布 apart from 已发布: a scheduled story is not
    on the site yet."""

    title = _("状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        choices = list(Article.Status.choices)
        at = [value for value, _label in choices].index(Article.Status.PUBLISHED)
        choices.insert(at, (SCHEDULED, _("定时发布")))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == SCHEDULED:
            return queryset.filter(
                status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()
            )
        if value == Article.Status.PUBLISHED:
            return queryset.filter(
                Q(publish_at__lte=timezone.now()) | Q(publish_at__isnull=True),
                status=value,
            )
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class SpikedFilter(admin.SimpleListFilter):
    """Spiked stories leave the list; editors find them under 废稿."""

    title = _("废稿")
    parameter_name = "spiked"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if not spike.is_editor(request.user):
            self.template = "admin/articles/article/no_filter.html"

    def has_output(self):
        # Always: the changelist applies only filters that have output, and
        # this one keeps the spiked stories out for everyone.
        return True

    def lookups(self, request, model_admin):
        if spike.is_editor(request.user):
            return [("1", _("只看废稿"))]
        return []

    def choices(self, changelist):
        # "All" here would mean "in play", so name it so.
        for index, choice in enumerate(super().choices(changelist)):
            if index == 0:
                choice["display"] = _("不含废稿")
            yield choice

    def queryset(self, request, queryset):
        if self.value() == "1" and spike.is_editor(request.user):
            return queryset.spiked()
        return queryset.in_play()


def capped_count(queryset, cap: int) -> int:
    """How many rows `queryset` has, counting no more than cap + 1 of them:
    COUNT(*) over a LIMITed subquery, never over the whole table."""
    return queryset.order_by()[: cap + 1].count()


class CappedPaginator(Paginator):
    """Counts at most `cap` rows. Beyond that `capped` is true, `count` is
    the cap and the pages end there."""

    cap = 1_000

    capped = False

    @cached_property
    def count(self):
        counted = capped_count(self.object_list, self.cap)
        self.capped = counted > self.cap
        return min(counted, self.cap)


def count_text(count: int, capped: bool) -> str:
    """A count as the list prints it: 1,234, or 1,000+ when capped."""
    return f"{count:,}+" if capped else f"{count:,}"


class StoryChangeList(ChangeList):
    """The story list. Its counts are capped (CappedPaginator); its "N in
    all" leaves out the spiked stories too, unless the 废稿 are what is
    shown. A page past the end shows the last page and says so."""

    def get_results(self, request):
        # Django's ChangeList.get_results, without the counts of the whole
        # table: result_count and full_result_count are both capped.
        if self.params.get(SpikedFilter.parameter_name) != "1":
            self.root_queryset = self.root_queryset.in_play()
        paginator = self.model_admin.get_paginator(
            request, self.queryset, self.list_per_page
        )
        wanted = self.page_num
        self.page_num = min(max(wanted, 1), paginator.num_pages)
        if wanted != self.page_num:
            messages.warning(
                request,
                _("没有第 %(wanted)s 页，这里显示的是第 %(page)s 页。")
                % {"wanted": wanted, "page": self.page_num},
            )
        self.result_count = paginator.count
        # "N in all": the list before its filters and search, capped alike.
        self.full_result_count = capped_count(self.root_queryset, paginator.cap)
        self.full_result_capped = self.full_result_count > paginator.cap
        self.full_result_count = min(self.full_result_count, paginator.cap)
        self.result_count_text = count_text(self.result_count, paginator.capped)
        self.full_result_count_text = count_text(
            self.full_result_count, self.full_result_capped
        )
        self.show_full_result_count = True
        self.show_admin_actions = bool(self.full_result_count)
        # "Show all" would list every matching story: only when they are few
        # and all counted.
        self.can_show_all = (
            not paginator.capped and self.result_count <= self.list_max_show_all
        )
        self.multi_page = paginator.capped or self.result_count > self.list_per_page
        if (self.show_all and self.can_show_all) or not self.multi_page:
            self.result_list = self.queryset._clone()
        else:
            self.result_list = paginator.page(self.page_num).object_list
        self.paginator = paginator

    def get_filters(self, request):
        # Django turns a bad date-hierarchy year into "wrong parameters" (the
        # list shown again without them) but lets a 20-digit one overflow
        # datetime into a 500.
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class StorySearchMixin:
    """On PostgreSQL, the story list's search reads the stored search vector
    (GIN-indexed; headline, kicker, subtitle, summary and body) and the byline
    names, instead of Django's substring match that reads every row. Each
    word must match, as in Django's search. SQLite keeps Django's search."""

    def get_search_results(self, request, queryset, search_term):
        if connection.vendor != "postgresql" or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        searched = [
            (word, terms(word)) for word in map(clean_query, search_term.split())
        ]
        searched = [(word, words) for word, words in searched if words]
        if not searched:  # no word to look for: the list as it is
            return queryset, False
        # Every word in the text, as one query the GIN index answers by
        # intersecting the words' entries (word by word, PostgreSQL took the
        # rarer-looking word's 96,000 stories and read each one's vector for
        # the other: two seconds at 1,000,000 stories); or, for a story
        # signed by someone a word names, each word in its text or byline.
        every_word = tsquery([w for _, words in searched for w in words])
        each_word = Q()
        for word, words in searched:
            # The byline first: a signed story needs no look at its vector.
            each_word &= Q(_signed_by(word)) | Q(holds(tsquery(words)))
        signed = Q(_signed_by(*(word for word, _ in searched)))
        # The newest matches (by date), one more than the list counts, read
        # once and span by span from the index: the count, the page and
        # each of the date hierarchy's probes would otherwise each read
        # every match of two common words (seconds at 1,000,000 stories).
        # Past the cap the list says it shows only the newest.
        ids = newest_matches(
            queryset, every_word, CappedPaginator.cap + 1, also=signed & each_word
        )
        return queryset.filter(pk__in=ids), False


def _signed_by(*words: str) -> RawSQL:
    """The stories with a byline name containing any of the words, as `id =
    ANY(ARRAY(subquery))`: PostgreSQL runs the subquery once and ORs its ids
    with the search vector's index (an IN subquery would be tested on every
    row)."""
    names = Q()
    for word in words:
        names |= Q(name__icontains=word)
    named = Credit.objects.filter(
        article__isnull=False,
        correspondent__in=Correspondent.objects.filter(names),
    ).values("article_id")
    sql, params = named.query.sql_with_params()
    return RawSQL(
        f'"{Article._meta.db_table}"."id" = ANY(ARRAY({sql}))',
        params,
        output_field=BooleanField(),
    )


class SpikeForm(forms.Form):
    reason = forms.CharField(
        label=_("作废理由（可不填）"),
        required=False,
        max_length=spike.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


def spike_view(model_admin, request, pk, *, action):
    """Confirm and spike a story (action="spike"), or restore one
    ("restore"): a page of its own, like Django's delete confirmation."""
    article = model_admin.get_object(request, str(pk))
    if article is None or not model_admin.has_view_permission(request, article):
        raise Http404
    refusal = (spike.spike_refusal if action == "spike" else spike.restore_refusal)(
        article, request.user
    )
    form = SpikeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            if action == "spike":
                spike.spike(
                    article, by=request.user, reason=form.cleaned_data["reason"]
                )
            else:
                spike.restore(article, by=request.user)
        except spike.workflow.NotAllowed as error:
            refusal = str(error)
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            if action == "spike":
                messages.success(
                    request,
                    _(
                        "《%(h)s》已作为废稿，不再出现在稿件列表里；编辑可以在“废稿”中找到并恢复。"
                    )
                    % {"h": article.headline},
                )
                return HttpResponseRedirect(
                    reverse("admin:articles_article_changelist")
                )
            messages.success(
                request,
                _("《%(h)s》已恢复，现在是“%(state)s”。")
                % {"h": article.headline, "state": article.get_status_display()},
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[article.pk])
            )
    title = (_("作为废稿：%(h)s") if action == "spike" else _("恢复废稿：%(h)s")) % {
        "h": article.headline
    }
    return story_page(
        model_admin,
        request,
        article,
        "admin/articles/article/spike.html",
        title,
        status=403 if refusal and request.method == "POST" else 200,
        action=action,
        form=form,
        refusal=refusal,
    )
