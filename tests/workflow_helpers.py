"""Build a newsroom of people and bring stories to any state through the
workflow functions themselves."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import Correspondent
from articles import revisions, workflow
from articles.models import Article

from .factories import ArticleFactory, CreditFactory, UserFactory

STATES = [
    "draft",
    "returned",
    "stage1",
    "stage2",
    "stage3",
    "approved",
    "scheduled",
    "published",
    "withdrawn",
]
ACTORS = ["author", "reporter", "outsider", "editor", "desk", "chief", "superuser"]


@dataclass
class Newsroom:
    author: object
    reporter: object
    outsider: object
    editor: object
    desk: object
    chief: object
    superuser: object

    def story(self, state="draft", **fields):
        article = ArticleFactory(created_by=self.author, **fields)
        person, _created = Correspondent.objects.get_or_create(
            user=self.author, defaults={"name": "作者本人"}
        )
        CreditFactory(article=article, correspondent=person)
        revisions.record(article, by=self.author)  # as the admin does on add
        bring_to(article, state, self)
        article.refresh_from_db()
        return article


def make_newsroom():
    return Newsroom(
        author=UserFactory(username="author", role=roles.REPORTER, email="a@x.cn"),
        reporter=UserFactory(username="reporter2", role=roles.REPORTER),
        outsider=UserFactory(username="outsider", role=roles.CORRESPONDENT),
        editor=UserFactory(username="editor", role=roles.EDITOR, email="e@x.cn"),
        desk=UserFactory(username="desk", role=roles.DESK_CHIEF),
        chief=UserFactory(username="chief", role=roles.CHIEF_EDITOR),
        superuser=UserFactory(username="root", is_superuser=True),
    )


def bring_to(article: Article, state: str, people: Newsroom):
    if state == "draft":
        return
    workflow.submit(article, by=people.author)
    if state == "returned":
        workflow.send_back(article, by=people.editor, reason="请补充数据。")
        return
    signers = [people.editor, people.desk, people.chief]
    needed = {"stage1": 0, "stage2": 1, "stage3": 2}.get(state, 3)
    for signer in signers[:needed]:
        workflow.approve(article, by=signer, comment="同意")
    if state in ("scheduled", "published", "withdrawn"):
        at = (
            timezone.now() + timezone.timedelta(days=1)
            if state == "scheduled"
            else None
        )
        workflow.publish(article, by=people.chief, at=at)
    if state == "withdrawn":
        workflow.withdraw(article, by=people.chief, reason="信息有误")


#: (actor, state, transition) triples that are allowed; everything else is not.
ALLOWED = {
    ("author", "draft", "submit"),
    ("author", "returned", "submit"),
    ("editor", "stage1", "approve"),
    ("desk", "stage2", "approve"),
    ("chief", "stage3", "approve"),
    ("editor", "stage1", "send_back"),
    ("desk", "stage2", "send_back"),
    ("chief", "stage3", "send_back"),
    ("chief", "approved", "send_back"),
    ("chief", "approved", "publish"),
    ("chief", "scheduled", "reschedule"),
    ("chief", "scheduled", "withdraw"),
    ("chief", "published", "withdraw"),
    # A superuser holds every permission but signs no stage: they may publish
    # what the chain has approved, never skip it.
    ("superuser", "approved", "publish"),
    ("superuser", "scheduled", "reschedule"),
    ("superuser", "scheduled", "withdraw"),
    ("superuser", "published", "withdraw"),
}

#: Who may edit a story's content in each state.
MAY_EDIT = {
    ("author", "draft"),
    ("author", "returned"),
    ("editor", "stage1"),
    ("desk", "stage2"),
    ("chief", "stage3"),
    ("chief", "approved"),
    ("chief", "scheduled"),
    ("chief", "published"),
    ("superuser", "scheduled"),
    ("superuser", "published"),
}


def run(transition, article, user):
    """Take `transition` through `workflow.take`, giving what its row in the
    table takes: some text, a time two days ahead where one is required,
    a changed field for an edit's resubmit."""
    future = timezone.now() + timezone.timedelta(days=2)
    given = {}
    for wanted in workflow.TRANSITIONS[transition].given:
        match wanted.kind:
            case "text":
                given[wanted.name] = "理由"
            case "time":
                given[wanted.name] = future if wanted.missing else None
            case "fields":
                given[wanted.name] = ["主题"]
    return workflow.take(transition, article, by=user, **given)


def frozen(article):
    """What must not change when a step is refused."""
    article.refresh_from_db()
    return (
        article.status,
        article.stage,
        article.version,
        article.publish_at,
        article.events.count(),
    )


#: The add form as a browser posts it for a new story.
NEW_STORY = {
    "kind": "story",
    "kicker": "",
    "headline": "江城新增服务站",
    "subtitle": "",
    "section": "",
    "summary": "",
    "body": "<p>11月23日，江城新增服务站。</p>",
    "tags": "工会，服务站",
    "publish_at_0": "",
    "publish_at_1": "",
}


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def change_form(article=None, **changes):
    """The story form as a browser posts it: the add form of a new story
    (`article` None), or the change form of `article` unchanged unless
    `changes` say otherwise. Inline formsets are empty unless `changes`
    carry their rows. Every test that posts the story form builds it here."""
    if article is None:
        data = dict(NEW_STORY)
    else:
        data = {
            "kind": article.kind,
            "kicker": article.kicker,
            "headline": article.headline,
            "subtitle": article.subtitle,
            "summary": article.summary,
            "body": article.body,
            "section": article.section_id or "",
            "desk": article.desk_id or "",
            "tags": ", ".join(article.tags.names()),
            "base_version": article.version,
        }
    for prefix in ("credits", "article_photos", "corrections"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(changes)
    return data


def step_form(article, step, comment="", **changes):
    """The story's change form as posted by pressing one of the review
    panel's buttons (`step`: a transition's name, or "schedule"), with the
    opinion typed in its box; content unchanged unless `changes` say so."""
    return change_form(
        article,
        _workflow=step,
        **{"workflow-comment": comment, "workflow-version": article.version},
        **changes,
    )
