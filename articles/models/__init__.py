from .bylines import PRINTED_ROLE, BylineRun, Credit, byline_runs, format_byline
from .content import Article, ArticleQuerySet, Section
from .epaper import Edition, Hotspot, Page
from .frontpage import Placement, Topic
from .history import ArticleEvent, Correction, Notification, Revision
from .lexicon import SensitiveWord
from .photo import ArticlePhoto, Photo, photo_upload_to
from .planning import PlanEvent, PlanItem
from .talk import Comment, CommentReply, EditingSession

__all__ = [
    "PRINTED_ROLE",
    "Article",
    "ArticleEvent",
    "ArticlePhoto",
    "ArticleQuerySet",
    "BylineRun",
    "Comment",
    "CommentReply",
    "Correction",
    "Credit",
    "EditingSession",
    "Edition",
    "Hotspot",
    "Notification",
    "Page",
    "Photo",
    "PlanEvent",
    "PlanItem",
    "Placement",
    "Revision",
    "Section",
    "SensitiveWord",
    "Topic",
    "byline_runs",
    "format_byline",
    "photo_upload_to",
]
