"""X (allauth's OAuth 2 provider): no email address, and commenting still works."""

import pytest
from allauth.socialaccount.models import SocialAccount

from tests.social import PICTURE_URL, FakeTransport, log_in, provider_settings

pytestmark = pytest.mark.django_db


def test_an_x_login_maps_uid_name_and_picture_with_no_email(
    client, settings, monkeypatch, tmp_path
):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings("twitter_oauth2")
    settings.MEDIA_ROOT = tmp_path
    FakeTransport(
        monkeypatch,
        {
            ("POST", "https://api.x.com/2/oauth2/token"): {"access_token": "tok"},
            ("GET", "https://api.x.com/2/users/me"): {
                "data": {
                    "id": "99",
                    "name": "Cy on X",
                    "username": "cy",
                    "profile_image_url": PICTURE_URL,
                }
            },
        },
    )
    assert log_in(client, "twitter_oauth2").status_code == 302
    account = SocialAccount.objects.get(provider="twitter_oauth2")
    assert account.uid == "99"
    assert account.user.get_display_name() == "Cy on X"
    assert account.user.email == ""
    assert account.picture.source_url == PICTURE_URL
