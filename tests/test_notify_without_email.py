"""A reader whose identity gives no email address (X) comments without one, and gives one only
for the notifications they tick; nothing but the confirmation goes to it until confirmed."""

import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from comments.models import Comment, Subscription
from comments.moderation import form_token
from comments.signals import comment_approved
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://\S+/subscriptions/confirm/[^/\s]+/")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def essay(db):
    return ArticleFactory(title="The long take in Tarr")


@pytest.fixture
def x_reader(client):
    user = UserFactory(username="xreader", email="")
    SocialAccount.objects.create(user=user, provider="twitter_oauth2", uid="1234")
    client.force_login(user)
    return user


def post(client, essay, **fields):
    data = {
        "body": "Eight minutes without a cut, and not one wasted.",
        "started": form_token(essay, at=time.time() - 60),
        **fields,
    }
    return client.post(reverse("comments:post", args=[essay.slug]), data)


def approve_new_comment(essay, capture):
    with capture(execute=True):
        comment_approved.send(sender=Comment, comment=CommentFactory(article=essay))


def test_the_form_asks_a_reader_without_an_address_for_one_only_for_notifications(
    client, essay, x_reader
):
    page = client.get(essay.get_absolute_url())
    assert "Email for notifications" in page.content.decode()
    assert 'name="name"' not in page.content.decode()


def test_a_reader_without_an_address_comments_without_giving_one(
    client, essay, x_reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, essay)
    assert response.status_code == 302
    assert Comment.objects.get().user == x_reader
    assert not Subscription.objects.exists()
    assert not mail.outbox


def test_ticking_notify_me_without_an_address_asks_for_one(client, essay, x_reader):
    response = post(client, essay, notify_followups="on")
    assert response.status_code == 400
    assert "Give an email address to send the notifications to." in response.content.decode()
    assert not Comment.objects.exists()


def test_the_given_address_gets_only_the_confirmation_until_it_is_confirmed(
    client, essay, x_reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, essay, notify_followups="on", email="x@example.org")
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.user) == ("x@example.org", x_reader)
    assert not subscription.is_confirmed
    [confirmation] = mail.outbox
    assert confirmation.to == ["x@example.org"]
    assert "confirm" in confirmation.subject.lower()
    # The address is for notifications only: not stored on the comment or the account.
    assert Comment.objects.get().author_email == ""
    x_reader.refresh_from_db()
    assert x_reader.email == ""

    mail.outbox.clear()
    approve_new_comment(essay, django_capture_on_commit_callbacks)
    assert "x@example.org" not in [message.to[0] for message in mail.outbox]

    [link] = CONFIRM_LINK.findall(confirmation.body)
    client.post(urlsplit(link).path)
    subscription.refresh_from_db()
    assert subscription.is_confirmed

    approve_new_comment(essay, django_capture_on_commit_callbacks)
    assert "x@example.org" in [message.to[0] for message in mail.outbox]
