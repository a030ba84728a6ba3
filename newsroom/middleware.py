"""The site speaks Simplified Chinese by default.

Django's LocaleMiddleware would follow the browser's Accept-Language, which
turns the newsroom English for anyone on an English-language phone. Here only
an explicit choice (the language cookie set by Django's `set_language` view)
switches the language.
"""

from django.conf import settings
from django.utils import translation


def language_middleware(get_response):
    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware
