"""Facebook (allauth's provider): the Graph API's profile becomes an identity."""

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.facebook.constants import GRAPH_API_URL

from tests.social import PICTURE_URL, FakeTransport, log_in, provider_settings

pytestmark = pytest.mark.django_db


def test_a_facebook_login_maps_uid_name_email_and_picture(client, settings, monkeypatch, tmp_path):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings("facebook", METHOD="oauth2")
    settings.MEDIA_ROOT = tmp_path
    FakeTransport(
        monkeypatch,
        {
            ("GET", f"{GRAPH_API_URL}/oauth/access_token"): {"access_token": "tok"},
            ("POST", f"{GRAPH_API_URL}/oauth/access_token"): {"access_token": "tok"},
            ("GET", f"{GRAPH_API_URL}/me"): {
                "id": "5566",
                "name": "Eve Example",
                "first_name": "Eve",
                "last_name": "Example",
                "email": "eve@example.org",
                "picture": {"data": {"url": PICTURE_URL}},
            },
        },
    )
    assert log_in(client, "facebook").status_code == 302
    account = SocialAccount.objects.get(provider="facebook")
    assert account.uid == "5566"
    assert account.user.get_display_name() == "Eve Example"
    assert account.user.email == "eve@example.org"
    assert account.picture.source_url == PICTURE_URL
