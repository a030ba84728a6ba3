from django.urls import reverse_lazy
from taggit.forms import TagWidget


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
