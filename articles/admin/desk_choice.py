"""The story form's 部门 (desk): who may put a story on which desk.

Editors (those who review) may move a story to any desk. A reporter chooses
among their own desks only, and keeps whatever desk the story already has;
an outside correspondent (通讯员) does not see the field at all (the role
policy hides it) and their story stays on their desk. A new story starts on
its author's desk (articles.editing.create sets it for every other way in).
"""

from django.db.models import Q

from accounts.models import Desk


def choosable(user, story=None):
    """The desks this user may choose for this story."""
    if user.has_perm("articles.review_article"):
        return Desk.objects.all()
    own = Q(chiefs=user) | Q(members=user)
    if story is not None and story.desk_id is not None:
        own |= Q(pk=story.desk_id)
    return Desk.objects.filter(own).distinct()


def for_user(form_class, user, story=None):
    """The admin's story form class with the desk field narrowed for `user`
    and, on a new story, set to their desk."""

    class DeskForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields.get("desk")
            if field is None:
                return
            field.queryset = choosable(user, story)
            if story is None and "desk" not in self.initial:
                home = Desk.home_of(user)
                self.initial["desk"] = home.pk if home else None

        def clean_desk(self):
            # A post without the field at all (a script, a form opened
            # before desks existed) keeps the story's desk rather than
            # taking it off its desk.
            if self.add_prefix("desk") not in self.data:
                return self.instance.desk if self.instance.pk else Desk.home_of(user)
            return self.cleaned_data.get("desk")

    DeskForm.__name__ = form_class.__name__
    return DeskForm
