"""The essay form follows the writing flow and explains its markup where the writer needs it."""

import pytest

from reviews.models import ArticleRevision
from tests.factories import ArticleFactory, UserFactory
from tests.html import assertInHTML

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(username="desk-writer", is_staff=True, groups=["Editors"]))
    return client


def test_the_desk_carries_the_publication_s_name(editor_client, settings):
    content = editor_client.get("/admin/").content.decode()

    assertInHTML(f'<a href="/admin/">{settings.SITE_NAME}</a>', content)
    assert "Django administration" not in content


def test_images_for_the_body_come_right_after_the_body_and_its_markup_guide(editor_client):
    essay = ArticleFactory()

    content = editor_client.get(f"/admin/reviews/article/{essay.pk}/change/").content.decode()

    body, guide = content.index('name="body"'), content.index('class="markdown-help"')
    images, hero = content.index('id="images-group"'), content.index('name="hero_image"')
    assert body < guide < images < hero
    assert "[^stairs]: Shot on a stage." in content
    assert content.count('id="images-group"') == 1


def test_the_title_is_a_large_field(editor_client):
    content = editor_client.get("/admin/reviews/article/add/").content.decode()

    assert 'class="vLargeTextField essay-title"' in content


def test_a_contributor_is_told_only_about_the_statuses_they_can_choose(client):
    contributor = UserFactory(username="desk-contrib", is_staff=True, groups=["Contributors"])
    client.force_login(contributor)

    content = client.get("/admin/reviews/article/add/").content.decode()

    assert "for an editor to schedule or publish" in content
    assert "Scheduled: goes public by itself" not in content


def test_the_desk_calls_articles_essays(editor_client, admin_client):
    essay = ArticleFactory(title="On doors")
    ArticleRevision.record(essay)

    index = editor_client.get("/admin/").content.decode()
    change = editor_client.get(f"/admin/reviews/article/{essay.pk}/change/").content.decode()
    delete = admin_client.get(f"/admin/reviews/article/{essay.pk}/delete/").content.decode()

    assert 'href="/admin/reviews/article/">Essays</a>' in index
    assert "Articles" not in index
    assert "Change essay" in change
    assert "Images in the body" in change
    assert "delete the essay “On doors”" in delete
    assert "Essay revision: " in delete
