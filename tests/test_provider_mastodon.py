"""Mastodon (the site's own provider): any server, registered once, refused when not Mastodon."""

from urllib.parse import parse_qs, urlparse

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import MastodonServer
from tests.social import PICTURE_URL, FakeTransport

pytestmark = pytest.mark.django_db
SERVER = "https://films.example"


@pytest.fixture(autouse=True)
def mastodon(settings, tmp_path):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "mastodon": {"APPS": [{"client_id": "per-server", "secret": "", "key": ""}]}
    }
    settings.MEDIA_ROOT = tmp_path


def mastodon_routes():
    return {
        ("GET", f"{SERVER}/api/v1/instance"): {"uri": "films.example", "version": "4.3.0"},
        ("POST", f"{SERVER}/api/v1/apps"): {"client_id": "srv-id", "client_secret": "srv-sec"},
        ("POST", f"{SERVER}/oauth/token"): {"access_token": "tok"},
        ("GET", f"{SERVER}/api/v1/accounts/verify_credentials"): {
            "id": "110",
            "username": "hal",
            "acct": "hal",
            "display_name": "Hal on Films",
            "avatar_static": PICTURE_URL,
            "url": f"{SERVER}/@hal",
        },
    }


def test_a_mastodon_login_registers_once_per_server_and_maps_the_identity(client, monkeypatch):
    transport = FakeTransport(monkeypatch, mastodon_routes())
    for _ in range(2):
        response = client.post("/account/mastodon/", {"address": "@hal@Films.example"})
        assert response.status_code == 302
        authorize = urlparse(response["Location"])
        assert f"{authorize.scheme}://{authorize.netloc}" == SERVER
        query = parse_qs(authorize.query)
        assert query["client_id"] == ["srv-id"]
        response = client.get(
            "/accounts/mastodon/login/callback/", {"code": "c", "state": query["state"][0]}
        )
        assert response.status_code == 302
        client.logout()
    assert MastodonServer.objects.get().client_secret == "srv-sec"
    assert [m for m, url, _ in transport.requests if url.endswith("/api/v1/apps")] == ["POST"]
    token_request = next(body for m, url, body in transport.requests if url.endswith("/token"))
    assert "srv-sec" in token_request or "srv-id" in token_request
    account = SocialAccount.objects.get(provider="mastodon")
    assert account.uid == "110@films.example"
    assert account.user.get_display_name() == "Hal on Films"
    assert account.user.email == ""
    assert account.picture.source_url == PICTURE_URL


@pytest.mark.parametrize(
    "instance",
    [(404, "text/html", b"<h1>Not here</h1>"), {"title": "A blog", "description": "no uri"}],
)
def test_a_server_that_does_not_answer_like_mastodon_is_refused(client, monkeypatch, instance):
    routes = mastodon_routes()
    routes[("GET", f"{SERVER}/api/v1/instance")] = instance
    transport = FakeTransport(monkeypatch, routes)
    response = client.post("/account/mastodon/", {"address": "films.example"})
    assert response.status_code == 200
    assert "films.example does not answer like a Mastodon server." in response.content.decode()
    assert not MastodonServer.objects.exists()
    assert not [url for _, url, _ in transport.requests if url.endswith("/api/v1/apps")]


def test_an_address_that_names_no_server_is_refused(client):
    response = client.post("/account/mastodon/", {"address": "just words"})
    assert "Type your Mastodon address" in response.content.decode()
