"""The admin's own pages about one story (its revisions, a correction,
spiking): the admin's header and breadcrumbs, and the story as `original`
so the change form's links and object tools work as on its change page."""

from django.template.response import TemplateResponse


def story_page(model_admin, request, article, template, title, *, status=200, **extra):
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "article": article,
            "original": article,
            "opts": model_admin.opts,
            **extra,
        },
        status=status,
    )
