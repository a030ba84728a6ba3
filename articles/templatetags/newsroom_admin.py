from django import template

from .. import workflow

register = template.Library()


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    user = context["request"].user
    return {"dashboard": workflow.dashboard(user), "request": context["request"]}
