# Old module paths, kept while callers move to the packages.
_MOVED = {
    "images": "articles.photos",
    "cache": "articles.reader.cache",
    "preview": "articles.reader.preview",
}


def __getattr__(name):
    if name in _MOVED:
        from importlib import import_module

        return import_module(_MOVED[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
