"""Security headers Django sends only when told to: the browser-feature and cross-origin
policies on every response, and HSTS's subdomain and preload promises only when the site
owner opts in."""

import pytest
from django.conf import settings

from tests.factories import ArticleFactory
from tests.test_settings import PRODUCTION, run_manage

# Runs in a fresh interpreter under production variables and prints the header the real
# SecurityMiddleware puts on an HTTPS response; no database is involved.
PRINT_HSTS = (
    "from django.http import HttpResponse; "
    "from django.middleware.security import SecurityMiddleware; "
    "from django.test import RequestFactory; "
    "request = RequestFactory().get('/', secure=True, HTTP_HOST='films.example.org'); "
    "print(SecurityMiddleware(lambda r: HttpResponse())(request)['Strict-Transport-Security'])"
)


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/", "essay", "/no-such-page/", "/search/?q=%00"])
def test_every_response_forbids_browser_features_and_cross_origin_loading(client, address):
    if address == "essay":
        address = ArticleFactory().get_absolute_url()

    response = client.get(address)

    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.startup
@pytest.mark.parametrize(
    ("env", "header"),
    [
        ({}, "max-age=31536000"),
        ({"DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true"}, "max-age=31536000; includeSubDomains"),
        (
            {"DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true", "DJANGO_HSTS_PRELOAD": "true"},
            "max-age=31536000; includeSubDomains; preload",
        ),
    ],
    ids=["by-default", "subdomains-opted-in", "preload-opted-in"],
)
def test_hsts_promises_subdomains_and_preload_only_when_the_site_opts_in(env, header):
    result = run_manage("shell", "--no-imports", "-c", PRINT_HSTS, env=PRODUCTION | env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == header


@pytest.mark.startup
def test_hsts_preload_without_subdomains_stops_with_one_sentence():
    result = run_manage("check", env=PRODUCTION | {"DJANGO_HSTS_PRELOAD": "true"})
    assert result.returncode == 1
    assert "DJANGO_HSTS_PRELOAD needs DJANGO_HSTS_INCLUDE_SUBDOMAINS=true" in result.stderr
    assert "Traceback" not in result.stderr
