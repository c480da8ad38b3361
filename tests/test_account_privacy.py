"""Only administrators browse accounts; commenters' addresses are plain addresses."""

import pytest
from django.contrib.auth.models import Group

from comments.forms import CommentForm
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(
        username="editor-ed", is_staff=True, groups=[Group.objects.get(name="Editors")]
    )


def test_editors_cannot_browse_accounts_or_their_email_addresses(client, editor):
    UserFactory(email="private@example.org")
    client.force_login(editor)
    assert client.get("/admin/accounts/user/").status_code == 403
    assert "view_user" not in Group.objects.get(name="Editors").permissions.values_list(
        "codename", flat=True
    )


def test_editors_still_find_authors_for_a_byline_by_name(client, editor):
    UserFactory(display_name="Agnès Varda", email="agnes@example.org")
    client.force_login(editor)
    response = client.get(
        "/admin/autocomplete/",
        {"term": "Agn", "app_label": "reviews", "model_name": "article", "field_name": "authors"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Agnès Varda"]
    assert "agnes@example.org" not in response.content.decode()
    by_email = client.get(
        "/admin/autocomplete/",
        {
            "term": "agnes@",
            "app_label": "reviews",
            "model_name": "article",
            "field_name": "authors",
        },
    )
    assert by_email.json()["results"] == []


def test_administrators_still_browse_accounts(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/accounts/user/").status_code == 200


@pytest.mark.parametrize(
    "email", ['"<script>"@example.org', '"ann smith"@example.org', '"a\\\\b"@example.org']
)
def test_quoted_local_parts_are_refused_for_commenters(email):
    form = CommentForm(
        {"name": "Ann", "email": email, "body": "Hi"},
        article=ArticleFactory(),
        user=type("Anonymous", (), {"is_authenticated": False})(),
    )
    assert not form.is_valid()
    assert "email" in form.errors
