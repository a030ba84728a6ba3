"""Revisions: every save of a story keeps a snapshot — its fields, tags,
byline and photos — that can be compared with any other and restored
(through articles.editing, which keeps them)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Max
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import Correspondent, User

from .models import Article, Photo, Revision, Section

#: The fields a revision keeps, with the labels editors know them by.
FIELDS = [*Article.CONTENT_FIELDS, "tags", "byline", "photos"]


def snapshot(article: Article) -> dict:
    return {
        "kind": article.kind,
        "kicker": article.kicker,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "section": article.section_id,
        "section_name": article.section.name if article.section_id else "",
        "summary": article.summary,
        "body": article.body,
        "publish_at": article.publish_at.isoformat() if article.publish_at else None,
        "source": article.source,
        "source_name": article.source_name,
        "original_author": article.original_author,
        "original_title": article.original_title,
        "original_url": article.original_url,
        "responsible_editor": article.responsible_editor_id,
        "responsible_editor_name": (
            str(article.responsible_editor) if article.responsible_editor_id else ""
        ),
        "desk": article.desk_id,
        "desk_name": str(article.desk) if article.desk_id else "",
        "page": article.page_id,
        "page_name": str(article.page) if article.page_id else "",
        "page_position": article.page_position,
        "tags": sorted(article.tags.names()),
        "credits": [
            {
                "correspondent": c.correspondent_id,
                "role": c.role,
                "position": c.position,
            }
            for c in article.credits.all()
        ],
        "byline": article.byline(),
        "photos": [
            {"photo": use.photo_id, "caption": use.caption, "position": use.position}
            for use in article.article_photos.all()
        ],
    }


def record(article: Article, *, by: User | None, note: str = "") -> Revision:
    """Keep the story as it now stands: the next revision number, saved at
    `article.version` (a second record at the same version replaces it)."""
    values = {"created_by": by, "note": note, "data": snapshot(article)}
    revision = article.revisions.filter(version=article.version).first()
    if revision is not None:
        for field, value in values.items():
            setattr(revision, field, value)
        revision.save(update_fields=list(values))
        return revision
    last = article.revisions.aggregate(last=Max("number"))["last"] or 0
    return Revision.objects.create(
        article=article, version=article.version, number=last + 1, **values
    )


def current(article: Article) -> Revision | None:
    """The latest revision: what the story is now."""
    return article.revisions.order_by("-number").first()


def as_of(article: Article, version: int) -> Revision | None:
    """The revision that was current at `version` (transitions bump the
    version without a new snapshot)."""
    return article.revisions.filter(version__lte=version).order_by("-version").first()


@dataclass
class FieldChange:
    field: str
    label: str
    before: str
    after: str

    @property
    def html(self):
        return inline_diff(self.before, self.after)


def _display(data: dict, field: str) -> str:
    match field:
        case "section":
            return data.get("section_name", "")
        case "body":
            return strip_tags(data.get("body", "").replace("</p>", "</p>\n")).strip()
        case "tags":
            return "，".join(data.get("tags", []))
        case "photos":
            return "；".join(
                f"#{p['photo']} {p['caption']}".strip() for p in data.get("photos", [])
            )
        case "kind":
            return str(Article.Kind(data["kind"]).label) if data.get("kind") else ""
        case "source":
            # Revisions kept before attribution existed were 本报 stories.
            return str(Article.Source(data.get("source") or Article.Source.OWN).label)
        case "responsible_editor":
            return data.get("responsible_editor_name", "")
        case "page":
            return data.get("page_name", "")
        case "desk":
            # Revisions kept before desks existed name none. Restoring a
            # revision keeps the story's desk (put_fields): the desk is who
            # answers for it now, not part of what it said.
            return data.get("desk_name", "")
    value = data.get(field)
    return "" if value is None else str(value)


def _label(field: str) -> str:
    if field == "byline":
        return _("署名")
    if field == "photos":
        return _("图片")
    if field == "tags":
        return _("标签")
    return str(Article._meta.get_field(field).verbose_name)


def changes(before: dict, after: dict) -> list[FieldChange]:
    """What differs between two snapshots, field by field."""
    result = []
    for field in FIELDS:
        old, new = _display(before, field), _display(after, field)
        if old != new:
            result.append(FieldChange(field, _label(field), old, new))
    return result


def inline_diff(before: str, after: str) -> str:
    """Character-level diff (Chinese has no spaces to split words on)."""
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(before[a1:a2]))
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(before[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(after[b1:b2])}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))


def put_fields(article: Article, data: dict) -> list[str]:
    """Set the story's own fields to a snapshot's (unsaved); the names of
    the fields set. Restoring goes through articles.editing."""
    article.kind = data["kind"]
    article.kicker = data["kicker"]
    article.headline = data["headline"]
    article.subtitle = data["subtitle"]
    article.summary = data["summary"]
    article.body = data["body"]
    article.section = Section.objects.filter(pk=data["section"]).first()
    # Attribution came later: older revisions restore as 本报 with none.
    article.source = data.get("source") or Article.Source.OWN
    for name in ("source_name", "original_author", "original_title", "original_url"):
        setattr(article, name, data.get(name, ""))
    article.responsible_editor = User.objects.filter(
        pk=data.get("responsible_editor")
    ).first()
    return [
        "kind",
        "kicker",
        "headline",
        "subtitle",
        "summary",
        "body",
        "section",
        "source",
        "source_name",
        "original_author",
        "original_title",
        "original_url",
        "responsible_editor",
    ]


def put_related(article: Article, data: dict) -> None:
    """Make the story's tags, byline and photos a snapshot's; people and
    photos deleted since are left out."""
    article.tags.set(data["tags"])
    _replace_rows(
        article.credits, data["credits"], ("correspondent", Correspondent), "role"
    )
    _replace_rows(article.article_photos, data["photos"], ("photo", Photo), "caption")


def _replace_rows(related, rows, target, copied: str) -> None:
    """Replace the story's `related` rows (credits or photo uses) with a
    snapshot's `rows`, leaving out those whose `target` (a person, a photo)
    has been deleted since."""
    key, target_model = target
    model = related.model
    related.all().delete()
    found = target_model.objects.in_bulk([row[key] for row in rows])
    model.objects.bulk_create(
        model(
            article=related.instance,
            position=row["position"],
            **{key: found[row[key]]},
            **{copied: row[copied]},
        )
        for row in rows
        if row[key] in found
    )
