"""Account pages in the site's design; the reader's account page, export, deletion, and
disconnection rules."""

import json

import pytest
from allauth.socialaccount.models import SocialAccount

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_allauth_pages_render_inside_the_site_design(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer' in html
    assert "css/accounts.css" in html
    assert ' form-control"' in html  # crispy forms with Bootstrap


def test_sign_up_asks_for_a_display_name(client):
    assert 'name="display_name"' in client.get("/accounts/signup/").content.decode()


def test_the_header_shows_log_in_or_the_signed_in_name(client):
    assert ">Log in</a>" in client.get("/").content.decode()
    client.force_login(UserFactory(display_name="Ida Reader"))
    html = client.get("/").content.decode()
    assert "Ida Reader</summary>" in html
    assert "My account" in html and "Log out" in html


def test_the_account_page_lists_comments_and_downloads_all_data(client):
    reader = UserFactory(display_name="Jo")
    essay = ArticleFactory()
    CommentFactory(article=essay, user=reader, author_name="Jo", body="Fine essay.")
    SocialAccount.objects.create(user=reader, provider="github", uid="77")
    client.force_login(reader)
    html = client.get("/account/").content.decode()
    assert f"On “{essay.title}”" in html
    data = json.loads(client.get("/account/my-data.json").content)
    assert data["profile"]["display_name"] == "Jo"
    assert data["identities"][0]["uid"] == "77"
    assert data["comments"][0]["body"] == "Fine essay."
    assert data["subscriptions"] == []


@pytest.mark.parametrize("choice", ["remove", "keep"])
def test_deleting_an_account_removes_or_anonymises_its_comments(client, choice):
    reader = UserFactory()
    comment = CommentFactory(user=reader, author_name="Kim")
    client.force_login(reader)
    response = client.post("/account/delete/", {"comments": choice, "confirm": "on"})
    assert response.status_code == 302
    assert not type(reader).objects.filter(pk=reader.pk).exists()
    if choice == "remove":
        assert not Comment.objects.filter(pk=comment.pk).exists()
    else:
        kept = Comment.objects.get(pk=comment.pk)
        assert (kept.user, kept.author_name, kept.author_email) == (None, "deleted reader", "")


def test_deletion_needs_confirmation(client):
    reader = UserFactory()
    client.force_login(reader)
    assert client.post("/account/delete/", {"comments": "remove"}).status_code == 200
    assert type(reader).objects.filter(pk=reader.pk).exists()


def test_the_last_way_to_log_in_cannot_be_disconnected(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"APPS": [{"client_id": "c", "secret": "s", "key": ""}]}
    }
    reader = UserFactory()
    reader.set_unusable_password()
    reader.save()
    account = SocialAccount.objects.create(user=reader, provider="github", uid="1")
    client.force_login(reader)
    client.post("/accounts/3rdparty/", {"account": account.pk})
    assert SocialAccount.objects.filter(pk=account.pk).exists()
    second = SocialAccount.objects.create(user=reader, provider="github", uid="2")
    client.post("/accounts/3rdparty/", {"account": second.pk})
    assert not SocialAccount.objects.filter(pk=second.pk).exists()


def test_an_unverified_address_gives_no_hold_on_its_subscriptions():
    from allauth.account.models import EmailAddress

    from accounts import personal_data
    from comments.models import Subscription

    stranger = Subscription.objects.create(
        email="victim@example.org", kind=Subscription.Kind.NEW_ESSAYS
    )
    mallory = UserFactory(email="mallory@example.org")
    EmailAddress.objects.create(user=mallory, email="victim@example.org", verified=False)

    assert "victim@example.org" not in json.dumps(personal_data.export(user=mallory), default=str)
    personal_data.erase(user=mallory)
    assert Subscription.objects.filter(pk=stranger.pk).exists()
