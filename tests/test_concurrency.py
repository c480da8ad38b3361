"""Concurrent requests against a live server on PostgreSQL (SQLite serialises writes, so the
races below cannot happen there): posts through the trusted proxy, a form sent five times at
once, and two moderators acting on one comment at the same moment."""

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test import Client

from comments.models import Comment, ModerationAction
from comments.moderation import form_token
from config.proxies import parse_networks
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

CSRF = "C" * 32


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises every write, so nothing races.")


@pytest.fixture
def through_proxy(settings):
    cache.clear()
    settings.TRUSTED_PROXIES = parse_networks(["127.0.0.1"])
    settings.COMMENTS_RATE_PER_MINUTE = settings.COMMENTS_RATE_PER_HOUR = 100
    yield
    cache.clear()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def send(url, fields, *, forwarded_for=None, cookies=""):
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": CSRF}).encode()
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Cookie", f"csrftoken={CSRF}; {cookies}")
    if forwarded_for:
        request.add_header("X-Forwarded-For", forwarded_for)
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def guest_post(essay, n, *, token=None):
    return {
        "name": f"Reader {n}",
        "email": f"reader{n}@example.org",
        "body": f"Comment number {n} on the long take.",
        "started": token or form_token(essay, at=time.time() - 60),
    }


def test_fifty_posts_through_the_proxy_keep_fifty_addresses(live_server, through_proxy):
    essay = ArticleFactory()
    url = f"{live_server.url}/essays/{essay.slug}/comments/"
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(
            pool.map(
                lambda n: send(url, guest_post(essay, n), forwarded_for=f"203.0.113.{n + 1}"),
                range(50),
            )
        )
    assert statuses == [302] * 50
    assert Comment.objects.count() == 50
    assert Comment.objects.values("ip_address").distinct().count() == 50


def test_five_identical_posts_at_once_store_one_comment(live_server, through_proxy):
    essay = ArticleFactory()
    url = f"{live_server.url}/essays/{essay.slug}/comments/"
    fields = guest_post(essay, 1)
    start = threading.Barrier(5)

    def post(_):
        start.wait()
        return send(url, fields, forwarded_for="203.0.113.9")

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = list(pool.map(post, range(5)))
    assert statuses == [302] * 5
    assert Comment.objects.count() == 1


def session_cookie(user):
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def test_two_moderators_at_once_leave_one_state_and_two_audit_rows(live_server, through_proxy):
    # A transactional test starts from an empty database: no role groups, so grant directly.
    moderate = Permission.objects.get(codename="moderate_comment")
    first, second = (UserFactory(is_staff=True) for _ in range(2))
    for moderator in (first, second):
        moderator.user_permissions.add(moderate)
    comment = CommentFactory(status=Comment.Status.PENDING)
    url = f"{live_server.url}/moderation/act/"
    start = threading.Barrier(2)

    def act(args):
        cookie, action = args
        start.wait()
        return send(url, {"single": f"{action}:{comment.pk}"}, cookies=cookie)

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(
            pool.map(act, [(session_cookie(first), "approve"), (session_cookie(second), "spam")])
        )
    assert statuses == [302, 302]
    comment.refresh_from_db()
    audit = list(ModerationAction.objects.filter(comment=comment).order_by("created_at", "pk"))
    assert len(audit) == 2
    # One story: the second action starts where the first ended, and ends where the comment is.
    assert audit[0].from_status == Comment.Status.PENDING
    assert audit[1].from_status == audit[0].to_status
    assert audit[1].to_status == comment.status
