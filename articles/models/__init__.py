from .content import (
    PRINTED_ROLE,
    Article,
    ArticlePhoto,
    ArticleQuerySet,
    BylineRun,
    Credit,
    Photo,
    Section,
    byline_runs,
    format_byline,
    photo_upload_to,
)
from .history import ArticleEvent, Correction, Notification, Revision

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
