"""Google (allauth's provider), through its user-info answer."""

import pytest
from allauth.socialaccount.models import SocialAccount

from tests.social import PICTURE_URL, FakeTransport, log_in, provider_settings

pytestmark = pytest.mark.django_db


def test_a_google_login_maps_uid_name_email_and_picture(client, settings, monkeypatch, tmp_path):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings("google")
    settings.MEDIA_ROOT = tmp_path
    FakeTransport(
        monkeypatch,
        {
            ("POST", "https://oauth2.googleapis.com/token"): {"access_token": "tok"},
            ("GET", "https://www.googleapis.com/oauth2/v2/userinfo"): {
                "id": "1122",
                "name": "Dee Example",
                "given_name": "Dee",
                "family_name": "Example",
                "email": "dee@example.org",
                "verified_email": True,
                "picture": PICTURE_URL,
            },
        },
    )
    assert log_in(client, "google").status_code == 302
    account = SocialAccount.objects.get(provider="google")
    assert account.uid == "1122"
    assert account.user.get_display_name() == "Dee Example"
    assert account.user.email == "dee@example.org"
    assert account.picture.source_url == PICTURE_URL
