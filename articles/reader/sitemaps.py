"""Sitemaps: an index (/sitemap.xml) of paged sitemaps that together list
every live story and section, and a news sitemap of the last two days'
stories (Django's sitemaps framework)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from ..models import Article, Section
from ..text import xml_text


class ArticleSitemap(Sitemap):
    """Every live story, newest first, 5,000 to a page; the index lists the
    pages."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("-pk")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every story; the database knows the answer.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class NewsSitemap(Sitemap):
    """Google News: stories published in the last two days."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(days=2)
        return (
            Article.objects.published()
            .filter(publish_at__gte=since)
            .only("pk", "headline", "publish_at", "first_published_at")
            .order_by("-publish_at")
        )

    def lastmod(self, article):
        return article.publish_at

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            url["publication"] = settings.NEWSROOM_SITE_NAME
            # Fit for XML even if an old row holds a control character.
            url["title"] = xml_text(url["item"].headline)
        return urls


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap}
