"""Path converters for the reader's addresses: each matches only what can
name something, so a hostile address is a 404 before any view or query runs
(a 20-digit year overflowed the archive's date arithmetic; a NUL byte in a
slug is refused by PostgreSQL)."""

from django.urls import register_converter


class Converter:
    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class Id(Converter):
    """A row's id or a pixel width: at most 18 digits, within a 64-bit
    integer on every database."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)


class Year(Id):
    """The years whose every day datetime can step a day past (the archive
    computes the day after)."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        year = int(value)
        if not 1 <= year <= 9998:
            raise ValueError("year out of range")  # no match: a 404
        return year


class Month(Id):
    regex = "0?[1-9]|1[0-2]"


class Day(Id):
    regex = "0?[1-9]|[12][0-9]|3[01]"


class Name(Converter):
    """A tag's or a person's slug, or a signed token: any text but a slash
    and control characters (no stored slug holds one)."""

    regex = "[^/\\x00-\\x1f\\x7f]+"


class RenditionExtension(Converter):
    regex = "webp|jpg"


CONVERTERS = {
    "id": Id,
    "year": Year,
    "month": Month,
    "day": Day,
    "name": Name,
    "ext": RenditionExtension,
}


def register():
    for name, converter in CONVERTERS.items():
        register_converter(converter, name)
