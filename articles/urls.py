from django.urls import path, re_path

from . import converters
from .photos import views as photo_views
from .reader import archive, epaper, feeds, views
from .reader.cache import cache_first_page

converters.register()

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Older and alternate forms of a story's address: 301 to the canonical one.
    re_path(r"^article/(?P<pk>0[0-9]{0,17})/$", views.article_redirect),
    path("article/<id:pk>/", views.ArticleDetailView.as_view(), name="detail"),
    re_path(r"^article/(?P<pk>[0-9]{1,18})/(?P<rest>[^/]+)/?$", views.article_redirect),
    re_path(r"^articles/(?P<pk>[0-9]{1,18})/?$", views.article_redirect),
    path("preview/<name:token>/", views.preview_view, name="preview"),
    path(
        "photos/<id:pk>/<name:key>/card.jpg", photo_views.card_view, name="photo-card"
    ),
    path(
        "photos/<id:pk>/<name:key>/<id:width>.<ext:extension>",
        photo_views.rendition_view,
        name="rendition",
    ),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<name:slug>/", views.TagView.as_view(), name="tag"),
    path("topic/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path(
        "people/<name:slug>/", views.CorrespondentView.as_view(), name="correspondent"
    ),
    path("search/", cache_first_page(views.search_view), name="search"),
    path("archive/", archive.ArchiveIndex.as_view(), name="archive"),
    path(
        "archive/<year:year>/<month:month>/",
        archive.MonthArchive.as_view(),
        name="archive-month",
    ),
    path(
        "archive/<year:year>/<month:month>/<day:day>/",
        archive.DayArchive.as_view(),
        name="archive-day",
    ),
    # The e-paper (数字报): editions by date, a page's image with its 热区.
    path("epaper/", epaper.index, name="epaper"),
    path(
        "epaper/<year:year>/<month:month>/<day:day>/",
        epaper.edition,
        name="epaper-edition",
    ),
    path(
        "epaper/<year:year>/<month:month>/<day:day>/<id:number>/",
        epaper.page,
        name="epaper-page",
    ),
    path(
        "epaper/<year:year>/<month:month>/<day:day>/<id:number>/pdf/",
        epaper.page_pdf,
        name="epaper-pdf",
    ),
    path("feeds/rss/", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
    path("section/<slug:slug>/rss/", feeds.SectionFeed(), name="section-rss"),
    path("section/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-atom"),
    path("tag/<name:slug>/rss/", feeds.TagFeed(), name="tag-rss"),
    path("tag/<name:slug>/atom/", feeds.TagAtomFeed(), name="tag-atom"),
]
