from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse_lazy
from taggit.forms import TagWidget


class AutocompleteKnownValues(AutocompleteSelect):
    """The admin's autocomplete, shown again after a refused save with a
    value that is no id at all (a hostile POST): Django looks the posted
    value up as it is and fails with a 500; this drops what the target
    field cannot hold, and the form says the choice is invalid."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        return super().optgroups(name, [v for v in value if _holds(target, v)], attr)


def _holds(field, value) -> bool:
    try:
        value = field.get_prep_value(field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        return False
    if isinstance(value, int):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return low <= value <= high
    return True


class TagSuggestWidget(TagWidget):
    """Taggit's comma-separated input, with suggestions from existing tags for
    the name being typed (static/js/tag-suggest.js)."""

    template_name = "articles/widgets/tag_suggest.html"

    class Media:
        js = ["js/tag-suggest.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.attrs.setdefault("autocomplete", "off")
        self.attrs["data-suggest-url"] = reverse_lazy("admin:articles_tag_suggest")
        self.attrs.setdefault("class", "vTextField")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = context["widget"]["attrs"]["id"] + "_list"
        return context
