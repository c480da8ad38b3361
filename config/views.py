"""The site's own error pages and the favicon.

Django's default error views are wrapped in ``requires_csrf_token``, which reads
``request.POST`` again: when the body itself was the error (a form sent as
``charset=latin-1``, say), rendering the error page raised the same error once more and the
reader got a bare 500 from the server. These views render the site's templates without
touching the body.
"""

from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static


def favicon(request):
    # Browsers and crawlers ask for /favicon.ico whatever the page links to.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: whatever failed (the database, a context processor) may fail again.
    return HttpResponseServerError(loader.get_template("500.html").render())
