from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in to the newsroom. Bylines name `Correspondent`s,
    which may or may not have a login."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username


def unique_slug(model, text, *, instance_pk=None, max_length=80):
    """A readable slug for `text` (Chinese kept), made unique with -2, -3…"""
    base = slugify(text, allow_unicode=True)[: max_length - 4] or "x"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=instance_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


class Organisation(models.Model):
    """A unit a correspondent works for (单位), or one that signs a byline."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(
        _("简称"),
        max_length=40,
        blank=True,
        help_text=_("署名时使用的简称，例如“江女工”。"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self):
        return self.name


class Correspondent(models.Model):
    """Anyone a byline can name. Two people may share a name: the record, not
    the string, is the identity."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("本报记者")
        CORRESPONDENT = "correspondent", _("通讯员")
        PHOTOGRAPHER = "photographer", _("摄影记者")
        CONTRIBUTOR = "contributor", _("特约作者")
        ORGANISATION = "organisation", _("机构")

    name = models.CharField(_("姓名或名称"), max_length=60)
    slug = models.SlugField(
        _("网址标识"), max_length=80, unique=True, allow_unicode=True, blank=True
    )
    kind = models.CharField(
        _("类别"), max_length=20, choices=Kind.choices, default=Kind.STAFF
    )
    affiliation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correspondents",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correspondent",
    )
    bio = models.TextField(_("简介"), blank=True)
    # Contact details are for the newsroom only; public pages never show them.
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    notes = models.TextField(_("内部备注"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    # Names read off a page by the importer are judged, not trusted: an
    # editor confirms the person, or merges them into the one on file.
    needs_check = models.BooleanField(
        _("待核实"),
        default=False,
        help_text=_("导入版面时新建的署名人，待编辑确认或合并到已有署名人。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("署名人")
        verbose_name_plural = _("署名人")
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        if self.affiliation_id and self.kind != self.Kind.ORGANISATION:
            return f"{self.name}（{self.affiliation}）"
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        if not self.slug:
            self.slug = unique_slug(Correspondent, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:correspondent", kwargs={"slug": self.slug})

    @property
    def is_organisation(self):
        return self.kind == self.Kind.ORGANISATION


class Desk(models.Model):
    """A desk of the newsroom (部门): 要闻部, 经济部, 摄影部, 通讯员部.

    Its people are its members and its chiefs (部门主任, one or several). A
    review stage scoped to the desk (`复审:部门主任@desk`) is signed by the
    story's own desk, and its dashboard and notices go to that desk only.
    """

    name = models.CharField(_("名称"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("成员"),
        blank=True,
        related_name="desks",
    )
    chiefs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("部门主任"),
        blank=True,
        related_name="desks_led",
        help_text=_("可以有多位；部门范围的审稿环节由他们审签。"),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self):
        return self.name

    @classmethod
    def home_of(cls, user):
        """The desk a person's new stories belong to: the first they lead,
        else the first they are a member of; None for someone on none."""
        if user is None or user.pk is None:
            return None
        led = cls.objects.filter(chiefs=user).first()
        return led or cls.objects.filter(members=user).first()

    @classmethod
    def of(cls, user):
        """Every desk the person leads or belongs to."""
        return cls.objects.filter(
            models.Q(chiefs=user) | models.Q(members=user)
        ).distinct()
