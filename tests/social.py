"""Canned provider responses for social login tests, served at the HTTP transport.

``FakeTransport`` replaces ``requests``' transport adapter, so allauth's own code builds and
sends every request (token exchange, profile, picture) and only the network is missing::

    transport = FakeTransport(monkeypatch, {
        ("POST", "https://example.org/token"): {"access_token": "t"},
        ("GET", "https://example.org/me"): {"id": 7},
    })
    user = log_in(client, "github")          # the whole OAuth 2 round trip
    transport.requests                       # [(method, url, body), …] as sent
"""

import io
import json
from urllib.parse import parse_qs, urlparse

import requests
from PIL import Image

PICTURE_URL = "https://pictures.example/me.png"


def png_bytes(size=(120, 80), colour=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


class FakeTransport:
    def __init__(self, monkeypatch, routes):
        self.routes = dict(routes)
        self.routes.setdefault(("GET", PICTURE_URL), (200, "image/png", png_bytes()))
        self.requests = []
        monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", self.send)

    def send(self, request, **kwargs):
        url = request.url.split("?")[0]
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        self.requests.append((request.method, request.url, body))
        answer = self.routes.get((request.method, url))
        if answer is None:
            status, kind, content = 404, "application/json", b'{"error": "not found"}'
        elif isinstance(answer, tuple):
            status, kind, content = answer
        else:
            status, kind, content = 200, "application/json", json.dumps(answer).encode()
        response = requests.Response()
        response.status_code = status
        response.headers["Content-Type"] = kind
        response._content = content if isinstance(content, bytes) else content.encode()
        response.raw = io.BytesIO(response._content)
        response.url = request.url
        response.request = request
        return response


def provider_settings(provider_id, **extra):
    app = {"client_id": "client-id", "secret": "client-secret", "key": ""}
    return {provider_id: {**extra, "APPS": [{**app, **extra.pop("app", {})}]}}


def log_in(client, provider_id, *, start_url=None):
    """Start the login with a POST, follow to the provider, come back with a code."""
    response = client.post(start_url or f"/accounts/{provider_id}/login/")
    assert response.status_code == 302, response.content[:500]
    authorize = urlparse(response["Location"])
    state = parse_qs(authorize.query)["state"][0]
    callback = parse_qs(authorize.query)["redirect_uri"][0]
    return client.get(urlparse(callback).path, {"code": "the-code", "state": state})
