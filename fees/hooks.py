"""When fees are computed, without changing the workflow.

Publishing: the workflow logs every step it takes as an ArticleEvent in the
step's own transaction (articles.workflow.transitions.take). A receiver of
that row's post_save queues the computation with `transaction.on_commit`,
so it runs only once the publish has committed, in its own transaction: a
fee that cannot be computed (no rate table, no one on the byline) never
undoes or refuses a publish, and a publish rolled back computes nothing.
A story left without a fee shows on the 漏发 list, where it can be
computed again.

Printing: a story becomes printed when its placement is saved
(placement.py); a post_save on the story does the same after commit.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article, ArticleEvent

from . import compute

#: Workflow steps after which a story may be live.
PUBLISHING_STEPS = {"publish", "reschedule"}


def _later(article_id, when):
    # robust: an error computing the fee is logged, not raised into the
    # request whose publish has already committed; the story then shows on
    # the 漏发 list.
    transaction.on_commit(
        lambda: compute.compute_for(article_id, when=when), robust=True
    )


@receiver(post_save, sender=ArticleEvent, dispatch_uid="fees_after_publish")
def after_publish(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.action not in PUBLISHING_STEPS:
        return
    if compute.trigger() == compute.PUBLISH:
        _later(instance.article_id, compute.PUBLISH)


@receiver(post_save, sender=Article, dispatch_uid="fees_after_print")
def after_print(sender, instance, raw=False, **kwargs):
    if raw or instance.print_date is None:
        return
    if compute.trigger() == compute.PRINT:
        _later(instance.pk, compute.PRINT)
