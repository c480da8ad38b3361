"""Generic OpenID Connect providers, any number of them, from SOCIAL_OIDC_PROVIDERS."""

import json

import pytest
from allauth.socialaccount.models import SocialAccount

from config.social import oidc_providers
from tests.social import PICTURE_URL, FakeTransport, log_in

pytestmark = pytest.mark.django_db

ISSUER = "https://id.example.org"


def test_an_oidc_login_maps_sub_name_email_and_picture(client, settings, monkeypatch, tmp_path):
    apps = oidc_providers(
        json.dumps(
            [
                {
                    "id": "example",
                    "name": "Example ID",
                    "server_url": ISSUER,
                    "client_id": "cid",
                    "secret": "sec",
                }
            ]
        )
    )
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": apps}}
    settings.MEDIA_ROOT = tmp_path
    FakeTransport(
        monkeypatch,
        {
            ("GET", f"{ISSUER}/.well-known/openid-configuration"): {
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token",
                "userinfo_endpoint": f"{ISSUER}/userinfo",
            },
            ("POST", f"{ISSUER}/token"): {"access_token": "tok", "token_type": "Bearer"},
            ("GET", f"{ISSUER}/userinfo"): {
                "sub": "u-7",
                "name": "Fay Example",
                "email": "fay@example.org",
                "email_verified": True,
                "picture": PICTURE_URL,
            },
        },
    )
    response = log_in(client, "example", start_url="/accounts/oidc/example/login/")
    assert response.status_code == 302
    account = SocialAccount.objects.get(provider="example")
    assert account.uid == "u-7"
    assert account.user.get_display_name() == "Fay Example"
    assert account.picture.source_url == PICTURE_URL
