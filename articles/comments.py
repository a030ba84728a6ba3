"""Editorial comments on a story: start a thread (optionally quoting the
body), reply, resolve. Mentions (@用户名) notify the people named, through
the workflow's path: an in-app notification written with the comment, mail
queued for after the commit.

These are the newsroom's talk, not sign-offs: no state changes here, and the
story's version is not touched, so commenting never makes an open form
stale. Who may see a story (and so its threads) is the admin's role policy;
callers pass a story the user may open."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User

from .models import Article, Comment, CommentReply, Notification
from .models.talk import QUOTE_LENGTH, TEXT_LENGTH
from .text import clean_text, fit, plain_text
from .workflow.mail import mail_after_commit

#: "@" then a run of the characters a username may hold (Django's
#: validator: letters, digits, @ . + - _; Chinese letters are letters). The
#: run may go on past the name ("@林晓峰请看"): the longest user name it
#: starts with is the one meant.
_MENTION = re.compile(r"@([\w.+-]{1,150})")
_SPACE = re.compile(r"\s+")


def _checked(text: str, *, what: str, limit: int, required: bool) -> str:
    text = clean_text(text or "").strip()
    if required and not text:
        raise ValidationError(_("请写下%(what)s内容。") % {"what": what})
    if len(text) > limit:
        raise ValidationError(
            _("%(what)s最多 %(limit)d 字，现在是 %(n)d 字。")
            % {"what": what, "limit": limit, "n": len(text)}
        )
    return text


def _flat(text: str) -> str:
    return _SPACE.sub("", text)


def check_quote(article: Article, quote: str) -> str:
    """The quote, if it is a passage of the story's saved body. Compared
    without white space: a selection across paragraphs has line breaks the
    stored HTML does not."""
    quote = _checked(quote, what=_("引用"), limit=QUOTE_LENGTH, required=False)
    if quote and _flat(quote) not in _flat(plain_text(article.body)):
        raise ValidationError(
            _("引用的文字不在已保存的正文里。正文改过的话，请先保存稿件再引用。")
        )
    return quote


def start_thread(article: Article, *, by: User, text: str, quote: str = "") -> Comment:
    text = _checked(text, what=_("评论"), limit=TEXT_LENGTH, required=True)
    quote = check_quote(article, quote)
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article, author=by, text=text, quote=quote
        )
        _notify_mentions(article, by=by, text=text)
    return comment


def reply(comment: Comment, *, by: User, text: str) -> CommentReply:
    text = _checked(text, what=_("回复"), limit=TEXT_LENGTH, required=True)
    with transaction.atomic():
        answer = CommentReply.objects.create(comment=comment, author=by, text=text)
        _notify_mentions(comment.article, by=by, text=text)
    return answer


def may_resolve(comment: Comment, user: User) -> bool:
    """The one who started the thread, the story's author, or an editor."""
    return user.pk in (
        comment.author_id,
        comment.article.created_by_id,
    ) or user.has_perm("articles.review_article")


def resolve(comment: Comment, *, by: User) -> None:
    if not may_resolve(comment, by):
        raise ValidationError(_("只有发起讨论的人、稿件作者或编辑可以标记为已解决。"))
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), by
        comment.save(update_fields=["resolved_at", "resolved_by"])


def reopen(comment: Comment, *, by: User) -> None:
    if not may_resolve(comment, by):
        raise ValidationError(_("只有发起讨论的人、稿件作者或编辑可以重新打开讨论。"))
    comment.resolved_at, comment.resolved_by = None, None
    comment.save(update_fields=["resolved_at", "resolved_by"])


def threads(article: Article) -> list[Comment]:
    """The story's threads with their people and replies: open ones first,
    each in the order written."""
    found = list(
        article.comments.select_related("author", "resolved_by").prefetch_related(
            "replies__author"
        )
    )
    return sorted(found, key=lambda c: c.resolved_at is not None)


# ----------------------------------------------------------- mentions


def mentioned(article: Article, text: str, *, by: User) -> list[User]:
    """The active users `text` names with @ who may open the story (an
    outside correspondent named on another's story learns nothing of it),
    not counting the writer."""
    runs = {m.group(1) for m in _MENTION.finditer(text)}
    candidates = {run[:n] for run in runs for n in range(1, len(run) + 1)}
    if not candidates:
        return []
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=candidates, is_active=True, is_staff=True
        )
    }
    found = []
    for run in runs:
        name = next((run[:n] for n in range(len(run), 0, -1) if run[:n] in users), None)
        user = users.get(name)
        if user and user != by and user not in found and _may_open(user, article):
            found.append(user)
    return found


def _may_open(user: User, article: Article) -> bool:
    if not user.has_perm("articles.view_article"):
        return False
    rows = roles.policy_for(user).screen(Article._meta.label_lower).rows
    return rows is None or Article.objects.filter(rows(user), pk=article.pk).exists()


def _notify_mentions(article: Article, *, by: User, text: str) -> None:
    limit = Notification._meta.get_field("message").max_length
    for user in mentioned(article, text, by=by):
        message = fit(
            _("%(who)s在《%(h)s》的编辑部讨论里提到了您：%(text)s")
            % {"who": by, "h": article.headline, "text": " ".join(text.split())},
            limit,
        )
        Notification.objects.create(recipient=user, article=article, message=message)
        if settings.NEWSROOM_SEND_EMAIL and user.email:
            mail_after_commit(user.email, message, article_id=article.pk)
