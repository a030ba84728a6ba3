"""Preview links: the author and the reviewers see any state of a story in
the public template. A link is signed (unguessable), expires, and is checked
against the person opening it, so a forwarded link shows nothing to anyone
else."""

from django.conf import settings
from django.core import signing

from accounts import roles

from .. import workflow
from ..models import Article

SALT = "articles.preview"


def token_for(article: Article) -> str:
    return signing.dumps({"article": article.pk}, salt=SALT, compress=True)


def article_for(token: str) -> Article | None:
    """The article a token names, or None when the token is forged or old."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.NEWSROOM_PREVIEW_HOURS * 3600
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("article"), int):
        return None
    return Article.objects.filter(pk=data["article"]).first()


def may_preview(user, article: Article) -> bool:
    """The story's authors, its reviewers and publishers, and anyone who may
    edit it now."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if roles.is_outside_contributor(user):
        return workflow.is_author(user, article)
    return (
        workflow.is_author(user, article)
        or workflow.is_exempt(user)
        or user.has_perm("articles.review_article")
        or user.has_perm("articles.publish_article")
        or workflow.can_edit(article, user)
    )
