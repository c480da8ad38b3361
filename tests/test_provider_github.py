"""GitHub (allauth's provider): a login maps the profile to an identity with its picture."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import override_settings

from tests.social import PICTURE_URL, FakeTransport, log_in, provider_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def github(settings, tmp_path):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings("github")
    settings.MEDIA_ROOT = tmp_path


def test_a_github_login_maps_uid_name_email_and_stores_the_picture(client, monkeypatch):
    transport = FakeTransport(
        monkeypatch,
        {
            ("POST", "https://github.com/login/oauth/access_token"): {"access_token": "tok"},
            ("GET", "https://api.github.com/user"): {
                "id": 4321,
                "login": "ann",
                "name": "Ann Example",
                "email": "ann@example.org",
                "avatar_url": PICTURE_URL,
                "html_url": "https://github.com/ann",
            },
            ("GET", "https://api.github.com/user/emails"): [
                {"email": "ann@example.org", "primary": True, "verified": True}
            ],
        },
    )
    response = log_in(client, "github")
    assert response.status_code == 302
    account = SocialAccount.objects.get(provider="github")
    assert account.uid == "4321"
    assert account.user.get_display_name() == "Ann Example"
    assert account.user.email == "ann@example.org"
    picture = account.picture
    assert picture.source_url == PICTURE_URL
    assert picture.image.url.startswith("/media/avatars/")
    # Logging in again with the same picture does not fetch it again.
    fetched = [url for _, url, _ in transport.requests if url == PICTURE_URL]
    client.logout()
    log_in(client, "github")
    assert [url for _, url, _ in transport.requests if url == PICTURE_URL] == fetched


@override_settings(SOCIAL_PICTURE_MAX_BYTES=10)
def test_a_picture_too_large_is_refused_and_the_login_still_works(client, monkeypatch):
    FakeTransport(
        monkeypatch,
        {
            ("POST", "https://github.com/login/oauth/access_token"): {"access_token": "tok"},
            ("GET", "https://api.github.com/user"): {
                "id": 1,
                "login": "bo",
                "avatar_url": PICTURE_URL,
            },
        },
    )
    assert log_in(client, "github").status_code == 302
    account = SocialAccount.objects.get(provider="github")
    assert not hasattr(account, "picture") or account.picture is None
