"""A guest sees, downloads or erases their data through a signed link sent to their email."""

import re
import time

import pytest
from django.core import mail, signing
from django.core.cache import cache

from accounts.guest_data import (
    LINK_HOURS,
    LINKS_PER_ADDRESS_PER_HOUR,
    REQUESTS_PER_IP_PER_HOUR,
    make_token,
)
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The request form's limits count in the cache; each test starts with none."""
    cache.clear()


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_a_guest_asking_for_their_data_is_emailed_a_link_to_it(client):
    CommentFactory(author_email="ann@example.org", body="Ann's thoughts.")
    response = client.post("/account/guest/", {"email": "Ann@Example.org"})
    assert "a link to see, download or erase it is on its way" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]
    page = client.get(link_in(mail.outbox[0]))
    assert "1 comment" in page.content.decode()
    exported = client.get(link_in(mail.outbox[0]) + "my-data.json").json()
    assert exported["comments"][0]["body"] == "Ann's thoughts."


def test_an_address_with_nothing_held_gets_the_same_answer_and_no_email(client):
    response = client.post("/account/guest/", {"email": "nobody@example.org"})
    assert "on its way" in response.content.decode()
    assert mail.outbox == []


def test_erasing_needs_a_post_and_removes_the_guests_comments(client):
    comment = CommentFactory(author_email="ann@example.org")
    other = CommentFactory(author_email="bo@example.org")
    url = f"/account/guest/{make_token('ann@example.org')}/erase/"
    assert client.get(url).status_code == 405
    assert Comment.objects.filter(pk=comment.pk).exists()
    client.post(url)
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert Comment.objects.filter(pk=other.pk).exists()


def test_a_tampered_link_is_refused(client):
    comment = CommentFactory(author_email="ann@example.org")
    token = make_token("ann@example.org").replace("ann@", "bo@")
    assert client.get(f"/account/guest/{token}/").status_code == 404
    assert client.get(f"/account/guest/{token}/my-data.json").status_code == 404
    assert client.post(f"/account/guest/{token}/erase/").status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_link_signed_for_something_else_is_refused(client):
    CommentFactory(author_email="ann@example.org")
    token = signing.TimestampSigner(salt="another.purpose").sign("ann@example.org")
    assert client.get(f"/account/guest/{token}/").status_code == 404


def test_an_expired_link_is_refused(client, monkeypatch):
    comment = CommentFactory(author_email="ann@example.org")
    signed_at = time.time() - LINK_HOURS * 3600 - 60
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: signed_at)
        token = make_token("ann@example.org")
    assert client.get(f"/account/guest/{token}/").status_code == 404
    assert client.post(f"/account/guest/{token}/erase/").status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_one_address_cannot_be_sent_more_than_a_few_links_an_hour(client):
    CommentFactory(author_email="ann@example.org")
    for _ in range(LINKS_PER_ADDRESS_PER_HOUR):
        client.post("/account/guest/", {"email": "ann@example.org"})
    response = client.post("/account/guest/", {"email": "ANN@example.org"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many links asked for" in response.content.decode()
    assert len(mail.outbox) == LINKS_PER_ADDRESS_PER_HOUR


def test_one_sender_cannot_work_through_a_list_of_addresses(client):
    for number in range(REQUESTS_PER_IP_PER_HOUR):
        CommentFactory(author_email=f"reader{number}@example.org")
        client.post("/account/guest/", {"email": f"reader{number}@example.org"})
    CommentFactory(author_email="one-more@example.org")
    response = client.post("/account/guest/", {"email": "one-more@example.org"})
    assert response.status_code == 429
    assert "one-more@example.org" not in [m.to[0] for m in mail.outbox]


def test_the_limit_is_the_same_whether_or_not_anything_is_held(client):
    for _ in range(LINKS_PER_ADDRESS_PER_HOUR):
        client.post("/account/guest/", {"email": "nobody@example.org"})
    assert client.post("/account/guest/", {"email": "nobody@example.org"}).status_code == 429
