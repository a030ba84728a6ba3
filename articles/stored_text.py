"""Every text a newsroom model stores is clean, whoever saves it (the
admin's forms, the editing service, the importer, the workflow's log and
notifications, the shell): control characters other than newline and tab
are dropped and a lone surrogate is refused (`articles.text.clean_text`).

Two hooks, set up once when the app is ready, rather than a form mixin that
a new form or writer could forget:

- each text field's `to_python` cleans, so model validation (which every
  ModelForm runs) sees the text as it will be stored: a name that differs
  from an existing one only by a control character is refused as a
  duplicate, a headline of nothing but control characters as empty, a lone
  surrogate with a Chinese error on its field; exact lookups are cleaned
  alike (pattern lookups are not, and a NUL byte from the address never
  reaches them: newsroom.hostile_input);
- a `pre_save` hook cleans what is saved without validation.

`QuerySet.update()` and `bulk_create()` skip both, so their few callers
with typed text call `clean_text` themselves (editing.spike)."""

from functools import cache

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save

from .text import clean_text

#: The apps whose models hold what people type.
APPS = ("articles", "accounts", "taggit")


@cache
def text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


def clean_instance(sender, instance, **kwargs):
    if sender._meta.app_label not in APPS:
        return
    for field in text_fields(sender):
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, clean_text(value))


def _cleaning(to_python):
    def cleaned(value):
        value = to_python(value)
        return clean_text(value) if isinstance(value, str) else value

    cleaned.cleans_text = True
    return cleaned


def connect():
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in text_fields(model):
            if not getattr(field.to_python, "cleans_text", False):
                field.to_python = _cleaning(field.to_python)
    pre_save.connect(clean_instance, dispatch_uid="newsroom_clean_stored_text")
