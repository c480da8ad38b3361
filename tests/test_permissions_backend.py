"""accounts.backends.PermissionsBackend: a user's permissions in one query, the same answers
as Django's ModelBackend, and sign-in left to the backends that did it before."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.backends import PermissionsBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODERATE = "comments.moderate_comment"


def fresh(user):
    """The user as a new request loads them: nothing about permissions known yet."""
    return type(user).objects.get(pk=user.pk)


def test_a_moderator_s_permissions_come_in_one_query(django_assert_num_queries):
    moderator = fresh(UserFactory(groups=["Moderators"]))
    with django_assert_num_queries(1):
        assert moderator.has_perm(MODERATE)
        assert moderator.has_perm("comments.change_comment")
        assert moderator.has_module_perms("comments")


def test_a_reader_without_permissions_costs_one_query_too(django_assert_num_queries):
    reader = fresh(UserFactory())
    with django_assert_num_queries(1):
        assert not reader.has_perm(MODERATE)
        assert not reader.has_module_perms("comments")


def test_it_finds_what_django_s_backend_finds(db):
    user = UserFactory(groups=["Moderators"])
    user.user_permissions.add(Permission.objects.get(codename="add_tag"))
    ours = PermissionsBackend().get_all_permissions(fresh(user))
    assert ours == ModelBackend().get_all_permissions(fresh(user))
    assert "reviews.add_tag" in ours and MODERATE in ours


def test_a_superuser_has_every_permission_and_an_inactive_user_none(db):
    superuser = fresh(UserFactory(is_superuser=True))
    assert len(PermissionsBackend().get_all_permissions(superuser)) == Permission.objects.count()
    inactive = fresh(UserFactory(groups=["Moderators"], is_active=False))
    assert not inactive.has_perm(MODERATE)


def test_it_signs_nobody_in_so_a_password_login_is_still_django_s(db):
    UserFactory(username="reader", password="a long passphrase")
    credentials = {"username": "reader", "password": "a long passphrase"}
    assert PermissionsBackend().authenticate(None, **credentials) is None
    user = authenticate(**credentials)
    assert user.backend == "django.contrib.auth.backends.ModelBackend"


def test_a_session_that_names_it_still_finds_its_reader(db):
    client = Client()
    reader = UserFactory()
    client.force_login(reader, backend="accounts.backends.PermissionsBackend")
    assert client.get("/account/").wsgi_request.user == reader
