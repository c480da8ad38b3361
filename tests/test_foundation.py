import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.roles import EDITORS, MODERATORS


@pytest.mark.django_db
def test_home_page_renders_the_base_template(client, settings):
    response = client.get("/")
    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]
    assert b'href="#main"' in response.content  # skip link
    assert settings.SITE_NAME.encode() in response.content


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


@pytest.mark.django_db
def test_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.django_db
def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, MODERATORS}


@pytest.mark.django_db
def test_non_staff_user_cannot_use_the_admin(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_display_name_falls_back_to_full_name_then_username():
    assert (
        User(username="pta", display_name="P. T. Anderson").get_display_name() == "P. T. Anderson"
    )
    assert User(username="pta", first_name="Paul", last_name="Anderson").get_display_name() == (
        "Paul Anderson"
    )
    assert User(username="pta").get_display_name() == "pta"


@pytest.mark.django_db
def test_site_record_follows_site_url(settings):
    from django.contrib.sites.models import Site

    from accounts.site import sync_site

    settings.SITE_URL = "https://films.example.org"
    settings.SITE_NAME = "Frame Rate"
    sync_site()
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("films.example.org", "Frame Rate")
