"""The sensitive-word lexicon (敏感词库) the desk keeps in the admin; the
checks that read it are in articles.proofing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Longer entries are phrases, not words: the import refuses them.
WORD_MAX_LENGTH = 50


class SensitiveWord(models.Model):
    class Level(models.TextChoices):
        BANNED = "banned", _("禁用")
        CAUTION = "caution", _("慎用")

    word = models.CharField(_("词语"), max_length=WORD_MAX_LENGTH, unique=True)
    level = models.CharField(
        _("级别"),
        max_length=10,
        choices=Level.choices,
        default=Level.BANNED,
        help_text=_("禁用：稿件含有时不能提交和审签；慎用：审签人须确认提示。"),
    )
    replacement = models.CharField(_("建议改为"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # The matcher's cache is rebuilt when the newest change or the count
    # moves (articles.proofing.lexicon), so every save must touch this.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词库")

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip()
        super().save(*args, **kwargs)
