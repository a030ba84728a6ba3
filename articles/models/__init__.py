from .bylines import PRINTED_ROLE, BylineRun, Credit, byline_runs, format_byline
from .content import Article, ArticleQuerySet, Section
from .history import ArticleEvent, Correction, Notification, Revision
from .photo import ArticlePhoto, Photo, photo_upload_to

__all__ = [
    "PRINTED_ROLE",
    "Article",
    "ArticleEvent",
    "ArticlePhoto",
    "ArticleQuerySet",
    "BylineRun",
    "Correction",
    "Credit",
    "Notification",
    "Photo",
    "Revision",
    "Section",
    "byline_runs",
    "format_byline",
    "photo_upload_to",
]
