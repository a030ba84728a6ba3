import itertools
from typing import NamedTuple

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Correspondent

from .. import limits


class Credit(models.Model):
    """One entry of a byline, on a story or on a photo, in printed order."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("记者")
        CORRESPONDENT = "correspondent", _("通讯员")
        PHOTO = "photo", _("摄")
        TEXT_PHOTO = "text_photo", _("文/摄")
        SPECIAL = "special", _("特约")
        SPECIAL_WRITER = "special_writer", _("特约撰稿")
        INTERN = "intern", _("实习生")
        NONE = "", _("（无角色词）")

    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
    )
    photo = models.ForeignKey(
        "Photo",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
    )
    correspondent = models.ForeignKey(
        Correspondent,
        verbose_name=_("署名人"),
        on_delete=models.PROTECT,
        related_name="credits",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("署名")
        verbose_name_plural = _("署名")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=False, photo__isnull=True)
                    | Q(article__isnull=True, photo__isnull=False)
                ),
                name="credit_on_article_xor_photo",
            )
        ]

    def __str__(self):
        word = PRINTED_ROLE[self.role]
        return f"{word} {self.correspondent.name}".strip()

    def clean(self):
        # A byline has at most MAX_CREDITS names (articles/limits.py).
        if self.article_id:
            siblings = Credit.objects.filter(article_id=self.article_id)
        elif self.photo_id:
            siblings = Credit.objects.filter(photo_id=self.photo_id)
        else:
            return
        limits.check_room(
            siblings, self, limits.MAX_CREDITS, limits.too_many_credits_message()
        )


#: The role words as the paper prints them, whatever the interface language.
PRINTED_ROLE = {
    Credit.Role.REPORTER: "记者",
    Credit.Role.CORRESPONDENT: "通讯员",
    Credit.Role.PHOTO: "摄",
    Credit.Role.TEXT_PHOTO: "文/摄",
    Credit.Role.SPECIAL: "特约",
    Credit.Role.SPECIAL_WRITER: "特约撰稿",
    Credit.Role.INTERN: "实习生",
    Credit.Role.NONE: "",
}
#: Roles printed after the names (`林晓峰 苏文杰 摄`); the others go before.
TRAILING_ROLES = {Credit.Role.PHOTO}


class BylineRun(NamedTuple):
    """Consecutive credits sharing one role word."""

    word: str
    correspondents: list
    trailing: bool


def byline_runs(credits) -> list[BylineRun]:
    runs = []
    for role, run in itertools.groupby(credits, key=lambda credit: credit.role):
        runs.append(
            BylineRun(
                word=PRINTED_ROLE.get(role, role),
                correspondents=[credit.correspondent for credit in run],
                trailing=role in TRAILING_ROLES,
            )
        )
    return runs


def format_byline(credits) -> str:
    """Print credits in order, one role word per run of names with that role:
    `通讯员 宋雨桐 顾嘉铭 记者 林晓峰`, `林晓峰 苏文杰 摄`, `江女工`."""
    parts = []
    for run in byline_runs(credits):
        names = [correspondent.name for correspondent in run.correspondents]
        if not run.word:
            parts += names
        elif run.trailing:
            parts += [*names, run.word]
        else:
            parts += [run.word, *names]
    return " ".join(parts)
