from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from accounts import roles

from .. import limits
from ..addresses import address
from ..text import BODY_EXTENSIONS, count_characters, index_text, plain_text
from .bylines import Credit, format_byline


class Section(models.Model):
    """A section of the site, or a named column (栏目) such as 维权课堂."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    description = models.TextField(_("简介"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_column = models.BooleanField(
        _("专栏"), default=False, help_text=_("报纸上有固定栏目名的专栏。")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:section", "slug", self.slug)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its publish time has come."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            publish_at__lte=timezone.now(),
            spiked_at__isnull=True,
        )

    def in_play(self):
        """Every story but the spiked ones (废稿): what newsroom lists show."""
        return self.filter(spiked_at__isnull=True)

    def spiked(self):
        return self.filter(spiked_at__isnull=False)

    def visible_to(self, user):
        """The stories this user may see in the admin, as their role's
        policy says (accounts.roles): outside correspondents see only the
        stories they filed or are credited on."""
        rows = roles.policy_for(user).screen(self.model._meta.label_lower).rows
        if rows is None:
            return self
        return self.filter(rows(user)).distinct()

    def with_bylines(self):
        """Everything a list of stories prints, fetched in a fixed number of
        queries."""
        return self.select_related("section").prefetch_related(
            models.Prefetch(
                "credits",
                queryset=Credit.objects.select_related("correspondent"),
            )
        )


class Article(models.Model):
    class Kind(models.TextChoices):
        STORY = "story", _("消息/通讯")
        PHOTO = "photo", _("图片新闻")
        BRIEF = "brief", _("简讯")
        COLUMN = "column", _("专栏文章")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审")
        RETURNED = "returned", _("退回")
        APPROVED = "approved", _("已签发")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤稿")

    class Source(models.TextChoices):
        OWN = "own", _("本报")
        REPOST = "repost", _("转载")

    kind = models.CharField(
        _("稿件类型"), max_length=10, choices=Kind.choices, default=Kind.STORY
    )
    kicker = models.CharField(_("引题"), max_length=120, blank=True)
    headline = models.CharField(_("主题"), max_length=120)
    subtitle = models.CharField(_("副题"), max_length=120, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = ProseEditorField(
        _("正文"), extensions=BODY_EXTENSIONS, sanitize=True, blank=True
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("栏目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = TaggableManager(_("标签"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    stage = models.PositiveSmallIntegerField(
        _("审稿环节"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("待审稿件所在的环节，从 1 起数（1 为初审）。"),
    )
    publish_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    first_published_at = models.DateTimeField(
        _("首次发布时间"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="articles_created",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    char_count = models.PositiveIntegerField(_("字数"), default=0, editable=False)
    # Attribution (来源): the rules for online news ask a repost to show
    # where it came from and what it was called; every story names the
    # editor answerable for it (责任编辑).
    source = models.CharField(
        _("来源"), max_length=10, choices=Source.choices, default=Source.OWN
    )
    source_name = models.CharField(
        _("转载来源"),
        max_length=100,
        blank=True,
        help_text=_("转载稿件的来源媒体或网站，如“江城晚报”。"),
    )
    original_author = models.CharField(_("原作者"), max_length=100, blank=True)
    original_title = models.CharField(_("原标题"), max_length=200, blank=True)
    original_url = models.URLField(_("原文链接"), max_length=500, blank=True)
    responsible_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任编辑"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles_edited",
    )
    # The desk (部门) the story belongs to: its author's when filed. A review
    # stage scoped to the desk is signed by this desk's chiefs.
    desk = models.ForeignKey(
        "accounts.Desk",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    # Where the story was printed: the page (articles.models.epaper) and its
    # place on it. print_date and print_page are copied from the page on
    # save (statistics and old imports read them); a story with no page
    # keeps what an import without a printed date wrote there.
    page = models.ForeignKey(
        "articles.Page",
        verbose_name=_("见报版面"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    page_position = models.PositiveSmallIntegerField(
        _("版面位置"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("本版第几篇，1 为头条。"),
    )
    print_date = models.DateField(_("见报日期"), null=True, blank=True, editable=False)
    print_page = models.PositiveSmallIntegerField(
        _("版次"), null=True, blank=True, editable=False
    )
    search_text = models.TextField(_("检索词"), blank=True, editable=False)
    import_key = models.CharField(
        _("导入标识"), max_length=40, blank=True, db_index=True, editable=False
    )
    # 废稿: a spiked story leaves every list but is kept; articles.spike.
    spiked_at = models.DateTimeField(
        _("作废时间"), null=True, blank=True, editable=False
    )
    spiked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    spike_reason = models.CharField(
        _("作废理由"), max_length=200, blank=True, editable=False
    )

    objects = ArticleQuerySet.as_manager()

    #: The story's own content: what an edit may write (articles.editing),
    #: the story form shows (with tags) and a revision keeps (with tags,
    #: byline and photos). `status`, `stage`, `version` and the publication
    #: times are the workflow's; publish_at is here as a planned time.
    CONTENT_FIELDS = (
        "kind",
        "kicker",
        "headline",
        "subtitle",
        "section",
        "summary",
        "body",
        "publish_at",
        "source",
        "source_name",
        "original_author",
        "original_title",
        "original_url",
        "responsible_editor",
        "desk",
        "page",
        "page_position",
    )

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")
        permissions = [
            ("review_article", _("可以审稿")),
            ("publish_article", _("可以签发和发布稿件")),
            ("withdraw_article", _("可以撤稿")),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            models.Index(fields=["section", "status", "publish_at"]),
            # The admin at a million stories (migration 0018): the story
            # list's newest-first order, its 状态 filter and the dashboard's
            # queues, "my stories", and the date hierarchy's probes.
            models.Index(fields=["-updated_at", "-id"], name="article_updated_idx"),
            models.Index(
                fields=["status", "-updated_at"], name="article_status_updated_idx"
            ),
            models.Index(
                fields=["created_by", "-updated_at"], name="article_author_updated_idx"
            ),
            # publish_at first for the date hierarchy; status beside it so a
            # 状态 filter is checked in the index (drafts have no publish_at).
            models.Index(
                fields=["publish_at", "status"], name="article_publish_status_idx"
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if self.page_id:
            self.print_date = self.page.edition.date
            self.print_page = self.page.number
        elif getattr(self, "_loaded_page_id", None):
            self.print_date = self.print_page = None
        self._loaded_page_id = self.page_id
        # The form sanitises too; this covers every other writer (commands,
        # imports, the shell), so nothing executable is ever stored.
        self.body = self._meta.get_field("body").sanitize(self.body or "")
        self.char_count = count_characters(self.body)
        self.search_text = index_text(
            self.kicker,
            self.headline,
            self.subtitle,
            self.summary,
            plain_text(self.body),
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("articles:detail", "pk", self.pk)

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        article = super().from_db(db, field_names, values, *args, **kwargs)
        # What the page was when loaded: save() clears the printed date and
        # page of a story taken off its page.
        article._loaded_page_id = article.__dict__.get("page_id")
        return article

    def clean(self):
        # The body's size limit (articles/limits.py), said on the form's
        # body field with the editor's text kept there.
        try:
            limits.check_body(self.body)
        except ValidationError as error:
            raise ValidationError({"body": error}) from None

    def byline(self):
        """The byline as the paper prints it, e.g. `通讯员 宋雨桐 记者 林晓峰`."""
        return format_byline(self.credits.all())

    def source_line(self):
        """Where the story comes from, as the page prints it: 本报, or the
        repost's source."""
        if self.source == self.Source.REPOST:
            return self.source_name or str(self.Source.REPOST.label)
        return str(self.Source.OWN.label)

    def editor_name(self):
        """The 责任编辑's name for readers ("" without one or without a name
        on their account: a login name is not printed)."""
        user = self.responsible_editor
        if user is None:
            return ""
        return f"{user.last_name}{user.first_name}".strip()

    def printed_on(self) -> str:
        """见报 line for readers: 2022年11月30日 第2版 本地新闻 ("" if the
        story was not printed)."""
        from .epaper import printed_label

        if self.page_id:
            return printed_label(self.page.edition.date, self.page)
        if self.print_date and self.print_page:
            day = self.print_date
            return f"{day.year}年{day.month}月{day.day}日 第{self.print_page}版"
        return ""

    def is_live(self):
        return (
            self.spiked_at is None
            and self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )
