"""The newsroom admin: one module per screen. Importing them registers the
screens with the admin site."""

from . import article, epaper, frontpage, lexicon, photo, planning, section, tags
from .mixins import PurgesPagesMixin, TagInputMixin

__all__ = [
    "PurgesPagesMixin",
    "TagInputMixin",
    "article",
    "epaper",
    "frontpage",
    "lexicon",
    "photo",
    "planning",
    "section",
    "tags",
]
