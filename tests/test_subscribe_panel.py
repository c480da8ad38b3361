"""Readers subscribe to new essays from a panel, without writing a comment."""

import pytest
from django.core import mail
from django.urls import reverse

from comments.models import Subscription
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("comments:subscribe-new-essays")


def test_the_panel_is_on_the_front_page_and_under_each_essay(client):
    essay = ArticleFactory()

    for url in (reverse("reviews:home"), essay.get_absolute_url()):
        content = client.get(url).content.decode()
        assert f'action="{SUBSCRIBE}"' in content
        assert "New essays by email" in content


def test_a_new_address_is_asked_to_confirm_before_anything_is_sent(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "reader@example.org", "next": "/essays/"})

    assert response.status_code == 302
    assert response["Location"] == "/essays/"
    subscription = Subscription.objects.get(email="reader@example.org")
    assert subscription.kind == Subscription.Kind.NEW_ESSAYS
    assert not subscription.is_confirmed
    assert len(mail.outbox) == 1
    assert "reader@example.org" in mail.outbox[0].to


def test_subscribing_twice_sends_no_second_email_and_says_the_same(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(SUBSCRIBE, {"email": "reader@example.org"}, follow=True)
        second = client.post(SUBSCRIBE, {"email": "reader@example.org"}, follow=True)

    assert len(mail.outbox) == 1
    assert [str(m) for m in first.context["messages"]] == [
        str(m) for m in second.context["messages"]
    ]


def test_a_link_elsewhere_is_not_followed_back(client):
    response = client.post(
        SUBSCRIBE, {"email": "reader@example.org", "next": "https://elsewhere.example/"}
    )

    assert response["Location"] == "/"


def test_an_invalid_address_shows_the_form_again(client):
    response = client.post(SUBSCRIBE, {"email": "not an address"})

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Subscription.objects.exists()


def test_only_post_subscribes(client):
    assert client.get(SUBSCRIBE).status_code == 405
