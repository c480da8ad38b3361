"""Cross-site request forgery protection for the forms on cached pages.

The comment form, its "log in with…" buttons and the new-essays panel sit on pages that every
reader without a session shares (``config.pagecache``). Django's CSRF token cannot be in them:
it is a per-browser secret, and putting it there would set a ``csrftoken`` cookie on every
reader and make each page personal. These views check where the POST comes from instead, which
is what a token proves in the end:

- ``Sec-Fetch-Site`` (every current browser sends it): only ``same-origin`` is accepted;
- otherwise ``Origin`` (sent on every cross-origin POST, and by current browsers on all POSTs,
  with or without JavaScript): it must be this site or one of ``CSRF_TRUSTED_ORIGINS``;
- a browser that sends neither gets Django's usual token check, so nothing is exempted.

Neither header can be set by a page on another site, so a forged cross-site POST is refused.
The comment form also carries a signed, single-use form token (``comments.moderation``): a post
without a genuine one is marked as spam, and each token stores at most one comment.
"""

from functools import wraps

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import get_callable

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def same_origin(request):
    """``True`` or ``False`` when the browser said where the request comes from, ``None``
    when it sent neither ``Sec-Fetch-Site`` nor ``Origin``."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    own = f"{request.scheme}://{request.get_host()}"
    return origin in {own, *settings.CSRF_TRUSTED_ORIGINS}


def origin_protected(view):
    """Protect ``view`` by the request's origin (see the module docstring) instead of the
    token, falling back to the token when the browser says nothing about the origin."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            verdict = same_origin(request)
            if verdict is False:
                refuse = get_callable(settings.CSRF_FAILURE_VIEW)
                return refuse(request, reason="The form was sent from another site.")
            if verdict is None:
                refusal = CsrfViewMiddleware(view).process_view(request, None, (), {})
                if refusal is not None:
                    return refusal
        return view(request, *args, **kwargs)

    # The middleware skips this view because the check above has replaced its own.
    checked.csrf_exempt = True
    return checked
