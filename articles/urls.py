from django.urls import path, re_path, register_converter

from .photos import views as photo_views
from .reader import archive, feeds, views


class RenditionExtension:
    regex = "webp|jpg"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RenditionExtension, "ext")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Older and alternate forms of a story's address: 301 to the canonical one.
    re_path(r"^article/(?P<pk>0\d*)/$", views.article_redirect),
    path("article/<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
    re_path(r"^article/(?P<pk>\d+)/(?P<rest>[^/]+)/?$", views.article_redirect),
    re_path(r"^articles/(?P<pk>\d+)/?$", views.article_redirect),
    path("preview/<str:token>/", views.preview_view, name="preview"),
    path(
        "photos/<int:pk>/<str:key>/card.jpg", photo_views.card_view, name="photo-card"
    ),
    path(
        "photos/<int:pk>/<str:key>/<int:width>.<ext:extension>",
        photo_views.rendition_view,
        name="rendition",
    ),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("people/<str:slug>/", views.CorrespondentView.as_view(), name="correspondent"),
    path("search/", views.search_view, name="search"),
    path("archive/", archive.ArchiveIndex.as_view(), name="archive"),
    path(
        "archive/<int:year>/<int:month>/",
        archive.MonthArchive.as_view(),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        archive.DayArchive.as_view(),
        name="archive-day",
    ),
    path("feeds/rss/", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
    path("section/<slug:slug>/rss/", feeds.SectionFeed(), name="section-rss"),
    path("section/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-atom"),
    path("tag/<str:slug>/rss/", feeds.TagFeed(), name="tag-rss"),
    path("tag/<str:slug>/atom/", feeds.TagAtomFeed(), name="tag-atom"),
]
