from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from reviews.models import Article
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    SeriesFactory,
    TagFactory,
    UserFactory,
    WorkFactory,
)

pytestmark = pytest.mark.django_db


NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def absolute(obj):
    return f"{settings.SITE_URL}{obj.get_absolute_url()}"


def test_sitemap_lists_published_essays_with_their_last_change(client):
    published = ArticleFactory()
    draft = ArticleFactory(status="draft", publish_at=None)
    scheduled = ArticleFactory(status="scheduled", publish_at=timezone.now() + timedelta(days=1))

    entries = sitemap_entries(client)

    assert absolute(published) in entries
    assert entries[absolute(published)] == published.updated_at.date().isoformat()
    assert absolute(draft) not in entries
    assert absolute(scheduled) not in entries


def test_a_scheduled_essay_was_last_changed_when_it_went_public(client):
    went_public = timezone.now() - timedelta(hours=1)
    essay = ArticleFactory(status="scheduled", publish_at=went_public)
    Article.objects.filter(pk=essay.pk).update(updated_at=went_public - timedelta(days=3))

    entries = sitemap_entries(client)

    assert entries[absolute(essay)] == went_public.date().isoformat()


def test_sitemap_lists_people_works_and_series(client):
    person = PersonFactory()
    work = WorkFactory()
    series = SeriesFactory()
    ArticleFactory(series=series)

    entries = sitemap_entries(client)

    assert {absolute(person), absolute(work), absolute(series)} <= entries.keys()
    assert f"{settings.SITE_URL}{reverse('reviews:home')}" in entries


def test_sitemap_leaves_out_series_whose_page_would_not_be_found(client):
    empty = SeriesFactory()
    unpublished = SeriesFactory()
    ArticleFactory(series=unpublished, status="draft", publish_at=None)

    entries = sitemap_entries(client)

    assert absolute(empty) not in entries
    assert absolute(unpublished) not in entries
    assert client.get(unpublished.get_absolute_url()).status_code == 404


def test_sitemap_addresses_are_on_the_public_site(client):
    ArticleFactory()

    entries = sitemap_entries(client)

    assert entries
    assert all(loc.startswith(f"{settings.SITE_URL}/") for loc in entries)


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    for path in ["/admin/", "/moderation/", "/preview/", "/accounts/"]:
        assert f"Disallow: {path}" in lines


def test_sitemap_lists_tags_and_authors_with_published_essays_only(client):
    critic = UserFactory(username="critic-ana")
    shy = UserFactory(username="drafts-only")
    western = TagFactory(name="Westerns", slug="westerns")
    unused = TagFactory(name="Unused", slug="unused")
    ArticleFactory(authors=[critic], tags=[western])
    ArticleFactory(authors=[shy], tags=[unused], status="draft", publish_at=None)

    entries = sitemap_entries(client)

    assert absolute(western) in entries
    assert absolute(unused) not in entries
    assert f"{settings.SITE_URL}/authors/critic-ana/" in entries
    assert f"{settings.SITE_URL}/authors/drafts-only/" not in entries
    assert f"{settings.SITE_URL}/tags/" in entries
