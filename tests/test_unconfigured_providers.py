"""A provider the site has not been set up for has no login page: 404, never a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("provider", ["facebook", "github", "google", "twitter_oauth2"])
def test_an_unconfigured_provider_s_login_address_is_not_found(client, settings, provider):
    settings.SOCIALACCOUNT_PROVIDERS = {}

    response = client.get(f"/accounts/{provider}/login/")

    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
