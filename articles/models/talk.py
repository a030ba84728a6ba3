"""The newsroom's talk about a story, beside its form: editorial comments
(threads that may quote the body and are resolved when settled) and who has
the story open (editing sessions, which another editor may take over).

After Wagtail's Comment/CommentReply and EditingSession, made smaller: a
comment quotes plain text rather than pointing into the editor's document,
and sessions live in the database so presence works without Redis. Neither
is a sign-off opinion: those are ArticleEvent comments, written by the
workflow. Written by articles.comments and articles.presence."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .content import Article

#: A comment or reply; a quote of the body. Long enough for an argued point,
#: short enough that a thread stays readable in a side panel.
TEXT_LENGTH = 2000
QUOTE_LENGTH = 500


class Comment(models.Model):
    """The first comment of a thread on a story; its replies follow it."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发表人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("评论"), max_length=TEXT_LENGTH)
    #: The passage of the body the comment is about, as plain text.
    quote = models.TextField(_("引用的正文"), max_length=QUOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解决人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("编辑部评论")
        verbose_name_plural = _("编辑部评论")

    def __str__(self):
        return self.text[:40]


class CommentReply(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("回复"), max_length=TEXT_LENGTH)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("评论回复")
        verbose_name_plural = _("评论回复")

    def __str__(self):
        return self.text[:40]


class EditingSession(models.Model):
    """One open change form (one tab) of one person on one story, kept
    alive by the page's poll. Another editor's take-over marks it with who
    took it, when, and their note; the page then says so."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="editing_sessions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    #: Made for each page load, so two tabs of one person are two sessions.
    key = models.CharField(max_length=32, unique=True)
    opened_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    taken_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    taken_over_at = models.DateTimeField(null=True, blank=True)
    takeover_note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("编辑会话")
        verbose_name_plural = _("编辑会话")
        indexes = [models.Index(fields=["article", "last_seen_at"])]

    def __str__(self):
        return f"{self.user} @ {self.article_id}"
