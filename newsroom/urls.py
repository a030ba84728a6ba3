import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from articles.photos.views import media_view
from articles.reader import views as article_views
from articles.reader.cache import cache_page
from articles.reader.sitemaps import SITEMAPS, NewsSitemap

admin.site.site_header = format_lazy(
    "{} · {}", settings.NEWSROOM_SITE_NAME, _("采编系统")
)
admin.site.site_title = settings.NEWSROOM_SITE_NAME
admin.site.index_title = _("采编工作台")


urlpatterns = [
    # The second login step, before the admin's catch-all.
    path("admin/two-factor/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static_url, str)("favicon.svg")),
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", article_views.robots_txt),
    path(
        "sitemap.xml",
        cache_page(sitemap_views.index, shows=["sitemap"]),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(sitemap_views.sitemap, shows=["sitemap"]),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        cache_page(sitemap_views.sitemap, shows=["sitemap"]),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
    path("", include("articles.urls")),
]

handler400 = "newsroom.refusals.bad_request"
handler403 = "newsroom.refusals.permission_denied"
handler404 = "newsroom.errors.not_found"
handler500 = "newsroom.errors.server_error"

if settings.NEWSROOM_SERVE_MEDIA:
    # Development and tests only; production serves media from its storage.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            media_view,
        )
    ]
