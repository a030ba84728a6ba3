"""Tag input as Chinese editors type it."""

import re

import taggit.forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.utils import _parse_tags

# Full-width comma, ideographic comma and semicolons separate tags too.
_SEPARATORS = re.compile(r"[，、；;]")


def parse_tags(tagstring):
    return _parse_tags(_SEPARATORS.sub(",", tagstring or ""))


class TagField(taggit.forms.TagField):
    """Taggit's field, refusing tag names the site could not show or link."""

    max_name_length = 50

    def clean(self, value):
        names = super().clean(value)
        for name in names:
            if len(name) > self.max_name_length:
                raise ValidationError(
                    _("标签“%(name)s…”太长：每个标签最多 %(limit)d 个字。"),
                    code="tag_too_long",
                    params={"name": name[:10], "limit": self.max_name_length},
                )
            if not slugify(name, allow_unicode=True):
                raise ValidationError(
                    _("标签“%(name)s”只有符号，请用文字作标签。"),
                    code="tag_without_text",
                    params={"name": name},
                )
        return names
