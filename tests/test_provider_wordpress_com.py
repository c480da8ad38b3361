"""WordPress.com (the site's own provider, in accounts/providers/wordpress_com)."""

import pytest
from allauth.socialaccount.models import SocialAccount

from tests.social import PICTURE_URL, FakeTransport, log_in, provider_settings

pytestmark = pytest.mark.django_db
API = "https://public-api.wordpress.com"


@pytest.mark.parametrize("verified", [True, False])
def test_a_wordpress_login_maps_id_name_picture_and_only_a_verified_email(
    client, settings, monkeypatch, tmp_path, verified
):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings("wordpress_com")
    settings.MEDIA_ROOT = tmp_path
    FakeTransport(
        monkeypatch,
        {
            ("POST", f"{API}/oauth2/token"): {"access_token": "tok"},
            ("GET", f"{API}/rest/v1.1/me"): {
                "ID": 3141,
                "display_name": "Gus Writes",
                "username": "gus",
                "email": "gus@example.org",
                "email_verified": verified,
                "avatar_URL": PICTURE_URL,
                "profile_URL": "https://gravatar.com/gus",
            },
        },
    )
    assert log_in(client, "wordpress_com").status_code == 302
    account = SocialAccount.objects.get(provider="wordpress_com")
    assert account.uid == "3141"
    assert account.user.get_display_name() == "Gus Writes"
    assert account.user.email == ("gus@example.org" if verified else "")
    assert account.picture.source_url == PICTURE_URL
