"""The About page and the colophon: flat pages editors change in the admin, styled like
every other page, linked from the footer and listed in the sitemap."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, title", [("about", "About"), ("colophon", "Colophon")])
def test_the_page_exists_from_the_start_inside_the_sites_layout(client, name, title):
    response = client.get(reverse(name))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 id="flatpage-title">{title}</h1>' in content
    assert 'class="site-header"' in content and 'class="site-footer"' in content


def test_an_editors_change_shows_on_the_page(client):
    FlatPage.objects.filter(url="/about/").update(content="<p>Written by the editors.</p>")

    assert "Written by the editors." in client.get(reverse("about")).content.decode()


def test_every_page_links_to_both_from_the_footer(client):
    content = client.get(reverse("reviews:home")).content.decode()

    footer = content[content.index('class="site-footer"') :]
    assert f'href="{reverse("about")}"' in footer
    assert f'href="{reverse("colophon")}"' in footer


def test_both_are_in_the_sitemap(client, settings):
    settings.SITE_URL = "https://films.example.org"

    content = client.get(reverse("sitemap")).content.decode()

    assert "<loc>https://films.example.org/about/</loc>" in content
    assert "<loc>https://films.example.org/colophon/</loc>" in content
