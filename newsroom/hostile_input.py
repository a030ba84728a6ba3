"""NUL bytes are dropped from a request's query before any view reads it.

No page takes one, and PostgreSQL refuses it in any query ("A string
literal cannot contain NUL"), so a search box or a suggestion list fed one
from the address failed with a 500. The rest of what was typed is kept, so
a search for `工会%00` is a search for 工会. Forms refuse a NUL in their
fields themselves (Django's ProhibitNullCharactersValidator), and the
reader's path converters refuse one in the path (articles.converters)."""

from django.http import QueryDict


def nul_byte_middleware(get_response):
    def middleware(request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(
                    key.replace("\x00", ""), [v.replace("\x00", "") for v in values]
                )
            cleaned._mutable = False
            request.GET = cleaned
        return get_response(request)

    return middleware
