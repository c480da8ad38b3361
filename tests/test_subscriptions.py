"""Subscribing from the comment form (double opt-in) and unsubscribing from any email."""

import re
import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, OptOut, Subscription
from comments.moderation import form_token
from comments.notifications import (
    confirmation_token,
    read_unsubscribe_token,
    unsubscribe_token,
    unsubscribe_url,
)
from comments.posting import post_comment
from comments.signals import comment_approved
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/subscriptions/(?:confirm|unsubscribe)/[^/\s]+/")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The rate limits count posts in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture
def essay(db):
    return ArticleFactory(title="Ozu's corridors")


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF, like a browser or a mail client would meet it."""
    return Client(enforce_csrf_checks=True)


def comment_as_guest(article, email="guest@example.org", **choices):
    return post_comment(
        article=article,
        body="The pillow shots are the film's breathing.",
        name="Guest",
        email=email,
        form_token=form_token(article, at=time.time() - 60),
        **choices,
    )


def approve_new_comment(article, capture):
    with capture(execute=True):
        comment_approved.send(sender=Comment, comment=CommentFactory(article=article))


def path_of(url):
    return urlsplit(url).path


def links_in(message):
    return LINK.findall(message.body)


class TestGuestDoubleOptIn:
    def test_a_guest_subscription_waits_for_confirmation(
        self, essay, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            comment_as_guest(essay, notify_followups=True, notify_new_essays=True)
        subscriptions = Subscription.objects.filter(email="guest@example.org")
        assert subscriptions.count() == 2
        assert not subscriptions.confirmed().exists()

        [confirmation] = mail.outbox
        assert confirmation.to == ["guest@example.org"]
        assert "confirm" in confirmation.subject.lower()
        assert "new comments on “Ozu's corridors”" in confirmation.body
        assert "new essay" in confirmation.body
        assert confirmation.extra_headers["List-Unsubscribe"]

        mail.outbox.clear()
        approve_new_comment(essay, django_capture_on_commit_callbacks)
        assert "guest@example.org" not in [m.to[0] for m in mail.outbox]

    def test_the_confirmation_link_confirms_only_after_the_button(
        self, essay, csrf_client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            comment_as_guest(essay, notify_followups=True)
        [confirm_link, _] = links_in(mail.outbox[0])
        assert "/subscriptions/confirm/" in confirm_link

        page = csrf_client.get(path_of(confirm_link))
        assert page.status_code == 200
        assert b"<button" in page.content
        assert not Subscription.objects.confirmed().exists()  # a mail scanner's GET does nothing

        token = page.cookies["csrftoken"].value
        done = csrf_client.post(path_of(confirm_link), {"csrfmiddlewaretoken": token})
        assert done.status_code == 200
        assert b"Subscription confirmed" in done.content
        assert Subscription.objects.get(email="guest@example.org").is_confirmed

        mail.outbox.clear()
        approve_new_comment(essay, django_capture_on_commit_callbacks)
        assert "guest@example.org" in [m.to[0] for m in mail.outbox]

    def test_confirming_needs_the_forms_csrf_token(self, essay, csrf_client):
        subscription = Subscription.objects.create(
            email="guest@example.org", kind=Subscription.Kind.NEW_ESSAYS
        )
        url = reverse(
            "comments:subscription-confirm",
            args=[confirmation_token(subscription.email, [subscription.pk])],
        )
        assert csrf_client.post(url).status_code == 403
        assert not Subscription.objects.confirmed().exists()

    def test_a_tampered_confirmation_link_is_refused(self, client):
        subscription = Subscription.objects.create(
            email="guest@example.org", kind=Subscription.Kind.NEW_ESSAYS
        )
        token = confirmation_token(subscription.email, [subscription.pk])
        other = Subscription.objects.create(
            email="victim@example.org", kind=Subscription.Kind.NEW_ESSAYS
        )
        forged = confirmation_token("victim@example.org", [other.pk])[:-2] + "xx"
        for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), forged, "nonsense"):
            url = reverse("comments:subscription-confirm", args=[bad])
            assert client.get(url).status_code == 400
            response = client.post(url)
            assert response.status_code == 400
            assert b"not valid" in response.content
        assert not Subscription.objects.confirmed().exists()

    def test_a_token_for_one_address_cannot_confirm_anothers_subscription(self, client):
        other = Subscription.objects.create(
            email="victim@example.org", kind=Subscription.Kind.NEW_ESSAYS
        )
        url = reverse(
            "comments:subscription-confirm",
            args=[confirmation_token("guest@example.org", [other.pk])],
        )
        assert client.post(url).status_code == 200
        assert not Subscription.objects.confirmed().exists()

    def test_an_old_confirmation_link_has_expired(self, client):
        subscription = Subscription.objects.create(
            email="guest@example.org", kind=Subscription.Kind.NEW_ESSAYS
        )
        token = confirmation_token(subscription.email, [subscription.pk])
        url = reverse("comments:subscription-confirm", args=[token])
        three_weeks_later = time.time() + 60 * 60 * 24 * 21
        with mock.patch("django.core.signing.time.time", return_value=three_weeks_later):
            response = client.post(url)
        assert response.status_code == 400
        assert b"expired" in response.content
        assert not Subscription.objects.confirmed().exists()

    def test_a_second_request_the_same_day_sends_no_second_email(
        self, essay, django_capture_on_commit_callbacks
    ):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                comment_as_guest(essay, notify_followups=True)
        assert len(mail.outbox) == 1
        assert Subscription.objects.count() == 1

    def test_no_box_ticked_subscribes_no_one(self, essay, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            comment_as_guest(essay)
        assert not Subscription.objects.exists()
        assert mail.outbox == []


class TestAccountSubscriptions:
    def test_a_verified_address_is_subscribed_at_once(
        self, essay, django_capture_on_commit_callbacks
    ):
        user = UserFactory(email="ann@example.org")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(
                article=essay,
                body="A reply from an account.",
                user=user,
                form_token=form_token(essay, at=time.time() - 60),
                notify_followups=True,
            )
        subscription = Subscription.objects.get()
        assert subscription.is_confirmed
        assert subscription.user == user
        assert not [m for m in mail.outbox if "confirm" in m.subject.lower()]

    def test_an_unverified_address_is_asked_to_confirm(
        self, essay, django_capture_on_commit_callbacks
    ):
        user = UserFactory(email="bob@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(
                article=essay,
                body="A reply from an unverified account.",
                user=user,
                form_token=form_token(essay, at=time.time() - 60),
                notify_new_essays=True,
            )
        assert not Subscription.objects.get().is_confirmed
        assert [m.to for m in mail.outbox if "confirm" in m.subject.lower()] == [
            ["bob@example.org"]
        ]


class TestUnsubscribe:
    @pytest.fixture
    def follower(self, essay):
        return Subscription.objects.create(
            email="follower@example.org",
            kind=Subscription.Kind.FOLLOWUPS,
            article=essay,
            confirmed_at=timezone.now(),
        )

    def test_the_link_in_an_email_shows_a_button_and_changes_nothing_on_get(
        self, essay, follower, client, django_capture_on_commit_callbacks
    ):
        approve_new_comment(essay, django_capture_on_commit_callbacks)
        [message] = [m for m in mail.outbox if m.to == ["follower@example.org"]]
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link in message.body

        page = client.get(path_of(link))
        assert page.status_code == 200
        assert b"<button" in page.content
        assert "new comments on “Ozu&#x27;s corridors”" in page.content.decode()
        assert Subscription.objects.filter(pk=follower.pk).exists()

    def test_one_click_post_without_csrf_token_unsubscribes(
        self, essay, follower, csrf_client, django_capture_on_commit_callbacks
    ):
        approve_new_comment(essay, django_capture_on_commit_callbacks)
        [message] = [m for m in mail.outbox if m.to == ["follower@example.org"]]
        link = message.extra_headers["List-Unsubscribe"].strip("<>")

        response = csrf_client.post(
            path_of(link),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
        assert b"Unsubscribed" in response.content
        assert not Subscription.objects.filter(pk=follower.pk).exists()

        mail.outbox.clear()
        approve_new_comment(essay, django_capture_on_commit_callbacks)
        assert "follower@example.org" not in [m.to[0] for m in mail.outbox]

    def test_leaving_one_essays_thread_keeps_the_others(self, essay, follower, client):
        other = Subscription.objects.create(
            email="follower@example.org",
            kind=Subscription.Kind.FOLLOWUPS,
            article=ArticleFactory(),
            confirmed_at=timezone.now(),
        )
        client.post(path_of(unsubscribe_url(follower.email, [follower.list_key])))
        assert list(Subscription.objects.all()) == [other]

    def test_a_tampered_link_is_refused(self, follower, client):
        token = unsubscribe_token(follower.email, [follower.list_key])
        email, lists = read_unsubscribe_token(token)
        assert (email, lists) == (follower.email, [follower.list_key])
        forged = signing.dumps({"e": "follower@example.org", "l": lists}, salt="other")
        for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), forged):
            url = reverse("comments:unsubscribe", args=[bad])
            assert client.get(url).status_code == 400
            assert client.post(url).status_code == 400
        assert Subscription.objects.filter(pk=follower.pk).exists()

    def test_a_moderator_can_stop_held_comment_emails(
        self, essay, client, django_capture_on_commit_callbacks
    ):
        UserFactory(username="mod", groups=["Moderators"])
        link = unsubscribe_url("mod@example.org", [OptOut.Kind.HELD_COMMENTS])
        page = client.get(path_of(link))
        assert b"comments held for moderation" in page.content
        client.post(path_of(link))
        assert OptOut.objects.filter(email="mod@example.org").exists()

    def test_the_link_in_a_confirmation_email_cancels_the_request(
        self, essay, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            comment_as_guest(essay, notify_followups=True, notify_new_essays=True)
        link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
        client.post(path_of(link))
        assert not Subscription.objects.exists()
