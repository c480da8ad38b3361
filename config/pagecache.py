"""The page cache: one copy of each public page for every reader who is nobody in particular.

A request is *shared* when it is a GET or HEAD that carries none of the cookies that make a
page personal (``PAGE_CACHE_PERSONAL_COOKIES``: the session, which holds a login, the ids of a
guest's own comments waiting for a moderator and a comment draft; the remembered commenter
details; pending messages). Only a shared request is answered from the cache, and only the
answer to one is stored — and only when the view set no cookie and no ``Cache-Control`` of its
own. Everything else is marked ``Cache-Control: private``, so no proxy keeps a signed-in
reader's page either.

A shared page is sent as the same bytes to everyone, so it does not vary on ``Cookie`` (the
session middleware adds that header as soon as a template asks who the reader is) and it says
how long a proxy may keep it (``public, s-maxage``, with ``stale-while-revalidate``), with an
``ETag`` and a ``Last-Modified``; a conditional GET is answered 304.

Freshness works by versioned keys rather than purges: every key includes the *content
version*, the time of the last change to anything a page shows (an essay, a person, a work, a
tag, a comment, a flat page…), kept in the cache so that every worker and every instance
sharing Redis sees it. Saving any of those bumps it (:func:`connect` in
``ReviewsConfig.ready``), which makes every stored page unreachable at once, and it is the
pages' ``Last-Modified``. A scheduled essay goes public without a save, so the time of the
next one is kept beside the version and passing it bumps the version too.

A reverse proxy cannot be reached by a version bump; it keeps a page at most
``PAGE_CACHE_PROXY_SECONDS`` (then revalidates with the ``ETag``), which bounds how stale a
proxy copy can be. ``deploy/nginx-cache.conf`` is an example.
"""

import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date

# Set while a bulk change (see :func:`one_bump`) holds the per-row bumps back.
_held = ContextVar("pagecache_bumps_held", default=False)
VERSION_KEY = "pagecache:version"
DUE_KEY = "pagecache:due"
# Apps whose rows appear on public pages; saving any of their models makes pages stale.
CONTENT_APPS = {"reviews", "comments", "accounts", "socialaccount", "flatpages", "sites"}
# Rows written while serving or moderating that no public page shows.
NOT_CONTENT = {"comments.moderationaction", "comments.subscription"}
# The model whose rows say when a page changes by itself (an essay scheduled to go public).
SCHEDULED = "reviews.article"
_MISSING = object()
# Within a request (see PageCacheMiddleware): the content version as the request first read or
# last set it, so a page asks Redis once, and everything it keeps goes under one version.
_request_version = ContextVar("pagecache_request_version", default=None)


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def content_version():
    """The current content version: nanoseconds since the epoch at the last change."""
    seen = _request_version.get()
    if seen:
        return seen["version"]
    values = page_cache().get_many([VERSION_KEY, DUE_KEY])
    version = values.get(VERSION_KEY)
    due = values.get(DUE_KEY)
    if version is None or (due is not None and due <= time.time()):
        # First use, or Redis was flushed, or a scheduled essay has gone public since: start
        # a new version (older keys stay unreachable).
        return bump()
    if seen is not None:
        seen["version"] = version
    return version


def kept(name, compute, timeout=None):
    """``compute()``, kept beside the pages under the content version: for what a page shows
    that is the same for every reader and changes only with content (an essay with its
    subjects, its related essays, the month's most discussed). A page the page cache cannot
    serve (a signed-in reader, a guest with a comment waiting) then does not fetch it again;
    any change makes it unreachable at once, like the pages. Off with the page cache
    (``PAGE_CACHE_ENABLED``), when what is measured is the work itself."""
    if not settings.PAGE_CACHE_ENABLED:
        return compute()
    store, key = page_cache(), f"pagecache:kept:{name}:{content_version()}"
    value = store.get(key, _MISSING)
    if value is _MISSING:
        # A plain set, not get_or_set's add-and-read-back (two more trips to Redis): whatever
        # any worker computes under one version is the same, so whichever write lands is right.
        value = compute()
        store.set(key, value, settings.PAGE_CACHE_SECONDS if timeout is None else timeout)
    return value


def bump(*, schedule=True):
    """Make every stored page stale: record a new content version, and (unless ``schedule``
    is false: the change was not to an essay, so no publication time moved) when the next
    scheduled essay goes public, which changes pages without saving anything."""
    from reviews.models import Article  # config sits above the apps; import when needed

    version = time.time_ns()
    store = page_cache()
    store.set(VERSION_KEY, version, timeout=None)
    if (seen := _request_version.get()) is not None:
        seen["version"] = version
    if not schedule:
        return version
    try:
        due = Article.objects.next_publication()
    except DatabaseError:
        # Rows saved while migrations run (the sites record after every migrate, say) may come
        # before the essays' table exists, or after it is gone; no essay is due then. Outside
        # a transaction, as migrate's own saves are, a failed query spoils nothing after it.
        due = None
    if due is None:
        store.delete(DUE_KEY)
    else:
        store.set(DUE_KEY, due.timestamp(), timeout=None)
    return version


def bump_on_change(sender, raw=False, **kwargs):
    """Bump now, and again once the change is committed: a page another worker renders from
    the old rows in between goes under the middle version, which the second bump leaves
    behind."""
    if raw or _held.get() or sender._meta.label_lower in NOT_CONTENT:
        return
    if sender._meta.app_label in CONTENT_APPS:
        # Only an essay's own row holds a publication time; a comment, a person or a tag
        # saved (thousands in an import) need not ask the database for the next one.
        after = partial(bump, schedule=sender._meta.label_lower == SCHEDULED)
        after()
        transaction.on_commit(after)


@contextmanager
def one_bump():
    """Bump once for everything saved inside, however many rows that is.

    For bulk changes such as an import: each of their thousands of saves would otherwise bump
    twice, and each essay's bump asks the database for the next scheduled essay. The bumps come
    at the end, when whatever the block did is committed or rolled back, so no page rendered
    from the old rows outlives it.
    """
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)
        bump()
        transaction.on_commit(bump)


def connect():
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(bump_on_change, dispatch_uid=f"pagecache.bump-on-{name}")


def is_shared(request):
    """Whether ``request`` may be answered with, and may fill, the copy everyone gets."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return not any(name in cookies for name in settings.PAGE_CACHE_PERSONAL_COOKIES)


def _key(request, version):
    """The page's key: its address, under the content version, and whether it is the copy
    compressed for a browser that accepts gzip (GZipMiddleware, inside this one, compressed
    it; the page says ``Vary: Accept-Encoding``)."""
    address = f"{request.get_host()}{request.get_full_path()}"
    encoding = "gzip" if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else ""
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"pagecache:page:{version}:{encoding}:{digest}"


def _storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cache-Control" not in response
        # A per-request nonce would be shared; no page uses one today (see SECURE_CSP).
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


def _share(response, version):
    """Turn a response into the copy everyone gets: no Vary on Cookie, proxy lifetime,
    validators."""
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    vary = [v for v in vary if v.lower() != "cookie"]
    if vary:
        response["Vary"] = ", ".join(vary)
    elif "Vary" in response:
        del response["Vary"]
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_CACHE_PROXY_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
    )
    response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    response["Last-Modified"] = http_date(version // 1_000_000_000)
    return response


def _conditional(request, response):
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date(response["Last-Modified"]),
        response=response,
    )


class PageCacheMiddleware:
    """Place it after WhiteNoise and before GZip and the session middleware: a page served
    from the cache then costs no compression, session, user or CSRF work at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set({})
        try:
            return self._respond(request)
        finally:
            _request_version.reset(token)

    def _respond(self, request):
        if not is_shared(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
                patch_cache_control(response, private=True)
            return response

        version = content_version()
        key = _key(request, version)
        stored = page_cache().get(key) if settings.PAGE_CACHE_ENABLED else None
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return _conditional(request, response)

        response = self.get_response(request)
        if not _storable(response):
            return response
        _share(response, version)
        if settings.PAGE_CACHE_ENABLED:
            headers = [(name, value) for name, value in response.items()]
            page_cache().set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return _conditional(request, response)
