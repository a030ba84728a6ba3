"""Error pages in the site's style. The 500 page renders without a database
or a request context, since either may be what failed."""

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader


def not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())
