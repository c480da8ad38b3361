"""A published essay keeps its old addresses when an editor changes its slug."""

import pytest

from reviews.models import ArticleSlugRedirect
from tests.admin_forms import save_in_admin
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_changing_a_published_slug_in_the_admin_redirects_the_old_address(client):
    article = ArticleFactory(slug="the-long-take")
    client.force_login(UserFactory(username="slug-editor", is_staff=True, groups=["Editors"]))

    save_in_admin(client, article, slug="the-longest-take")
    client.logout()

    response = client.get("/essays/the-long-take/")
    assert response.status_code == 301
    assert response.url == "/essays/the-longest-take/"
    assert client.get("/essays/the-longest-take/").status_code == 200


def test_every_earlier_slug_leads_to_the_current_one():
    article = ArticleFactory(slug="first")
    for slug in ("second", "third"):
        article.slug = slug
        article.save()

    assert {r.old_slug: r.article.slug for r in ArticleSlugRedirect.objects.all()} == {
        "first": "third",
        "second": "third",
    }


def test_the_old_address_answers_with_a_permanent_redirect(client):
    article = ArticleFactory(slug="before")
    article.slug = "after"
    article.save()

    response = client.get("/essays/before/")
    assert response.status_code == 301
    assert response["Location"] == "/essays/after/"


def test_a_draft_s_slug_changes_leave_no_redirect():
    article = ArticleFactory(status="draft", publish_at=None, slug="working-title")
    article.slug = "final-title"
    article.save()
    assert not ArticleSlugRedirect.objects.exists()


def test_an_old_slug_of_an_unpublished_essay_is_still_not_found(client):
    article = ArticleFactory(slug="was-public")
    article.slug = "now-hidden"
    article.save()
    article.status = "draft"
    article.save()
    assert client.get("/essays/was-public/").status_code == 404


def test_a_new_essay_at_an_old_address_takes_it_over(client):
    moved = ArticleFactory(slug="contested")
    moved.slug = "moved-on"
    moved.save()

    ArticleFactory(slug="contested", title="The new essay here")

    assert not ArticleSlugRedirect.objects.filter(old_slug="contested").exists()
    assert "The new essay here" in client.get("/essays/contested/").content.decode()


def test_taking_back_an_old_slug_removes_its_redirect(client):
    article = ArticleFactory(slug="original")
    article.slug = "detour"
    article.save()
    article.slug = "original"
    article.save()

    assert list(ArticleSlugRedirect.objects.values_list("old_slug", flat=True)) == ["detour"]
    assert client.get("/essays/original/").status_code == 200
    assert client.get("/essays/detour/")["Location"] == "/essays/original/"
