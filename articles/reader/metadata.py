"""What search engines and link previews read about a story: its canonical
URL, Open Graph image and schema.org NewsArticle data (JSON-LD)."""

from datetime import timedelta

from django.conf import settings
from django.templatetags.static import static

from .. import photos


def page_metadata(request, article):
    """Canonical URL, Open Graph image and schema.org NewsArticle data."""
    canonical = request.build_absolute_uri(article.get_absolute_url())
    image = None
    if article.photo_uses:
        image = request.build_absolute_uri(photos.card_url(article.photo_uses[0].photo))
    people = [credit.correspondent for credit in article.byline_credits] + [
        credit.correspondent
        for use in article.photo_uses
        for credit in use.photo.credit_list
    ]
    authors = []
    for person in dict.fromkeys(people):
        authors.append(
            {
                "@type": "Organization" if person.is_organisation else "Person",
                "name": person.name,
                "url": request.build_absolute_uri(person.get_absolute_url()),
            }
        )
    published = article.first_published_at or article.publish_at
    publisher = settings.NEWSROOM_SITE_NAME
    # 来源: the paper itself, or the outlet a repost came from.
    source = {"@type": "Organization", "name": article.source_line()}
    if article.source == article.Source.OWN:
        source["name"] = publisher
    editor = article.editor_name()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": article.headline[:110],
        "alternativeHeadline": article.subtitle or article.kicker or None,
        "datePublished": published.isoformat() if published else None,
        "dateModified": article.updated_at.isoformat(),
        "author": authors,
        "image": [image] if image else [],
        "articleSection": article.section.name if article.section_id else None,
        "keywords": [tag.name for tag in article.tag_list],
        "inLanguage": "zh-CN",
        "sourceOrganization": source,
        "editor": {"@type": "Person", "name": editor} if editor else None,
        "isBasedOn": article.original_url or None,
        "publisher": {
            "@type": "Organization",
            "name": publisher,
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static("favicon.svg")),
            },
        },
    }
    return {
        "canonical_url": canonical,
        "image_url": image,
        "structured_data": {k: v for k, v in data.items() if v not in (None, [])},
        "modified": published and article.updated_at - published > timedelta(minutes=5),
    }
