from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("article/<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
    path("preview/<str:token>/", views.preview_view, name="preview"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path(
        "people/<str:slug>/",
        views.CorrespondentView.as_view(),
        name="correspondent",
    ),
]
