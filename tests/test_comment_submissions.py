"""Each comment form posts once: a resent form answers as the first sending did and stores
nothing, an old form must be sent again, and reloading the posting address finds the form."""

import time

import pytest
from django.core.cache import cache

from comments.models import Comment
from comments.moderation import form_token
from comments.posting import post_comment
from tests.factories import ArticleFactory, UserFactory
from tests.test_comments_pages import form_data, post_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def essay(db):
    return ArticleFactory()


class TestDoubleSubmit:
    def test_the_same_form_posted_twice_stores_one_comment(self, client, essay):
        data = form_data(essay)
        first = client.post(post_url(essay), data)
        second = client.post(post_url(essay), data)
        assert Comment.objects.count() == 1
        assert second.status_code == first.status_code == 302
        assert second["Location"] == first["Location"]

    def test_a_token_posts_once_even_with_another_text(self, essay):
        token = form_token(essay, at=time.time() - 60)
        first = post_comment(article=essay, body="One", name="Ann", email="a@example.org",
                             form_token=token)  # fmt: skip
        again = post_comment(article=essay, body="Two", name="Ann", email="a@example.org",
                             form_token=token)  # fmt: skip
        assert again.pk == first.pk and again.duplicate
        assert list(Comment.objects.values_list("body", flat=True)) == ["One"]

    def test_readers_of_the_same_cached_page_each_keep_their_comment(self, essay):
        # Every guest who opens the same cached copy of the page gets the same form token.
        token = form_token(essay, at=time.time() - 60)
        ann = post_comment(article=essay, body="Ann's thought.", name="Ann",
                           email="a@example.org", form_token=token)  # fmt: skip
        bo = post_comment(article=essay, body="Bo's thought.", name="Bo",
                          email="b@example.org", form_token=token)  # fmt: skip
        assert bo.pk != ann.pk and not bo.duplicate
        assert sorted(Comment.objects.values_list("body", flat=True)) == [
            "Ann's thought.",
            "Bo's thought.",
        ]

    def test_a_signed_in_reader_sending_a_guest_s_form_posts_their_own(self, client, essay):
        data = form_data(essay)
        client.post(post_url(essay), data)
        member = UserFactory()
        other = type(client)()
        other.force_login(member)
        other.post(post_url(essay), data)
        assert Comment.objects.count() == 2
        assert Comment.objects.filter(user=member).count() == 1

    def test_fresh_forms_each_post(self, client, essay):
        client.post(post_url(essay), form_data(essay, body="First thought."))
        client.post(post_url(essay), form_data(essay, body="Second thought."))
        assert Comment.objects.count() == 2


class TestFormAge:
    def test_an_expired_form_is_shown_again_with_a_fresh_token(self, client, essay, settings):
        settings.COMMENTS_FORM_MAX_AGE = 3600
        stale = form_token(essay, at=time.time() - 7200)
        response = client.post(post_url(essay), form_data(essay, started=stale))
        assert response.status_code == 400
        assert not Comment.objects.exists()
        html = response.content.decode()
        assert "send it again" in html
        assert stale not in html
        assert "The diner scene" in html  # the reader's text is kept

    def test_an_expired_token_posted_directly_is_spam(self, essay, settings):
        settings.COMMENTS_FORM_MAX_AGE = 3600
        comment = post_comment(
            article=essay,
            body="Hello",
            name="Ann",
            email="a@example.org",
            form_token=form_token(essay, at=time.time() - 7200),
        )
        assert comment.status == Comment.Status.SPAM
        assert "expired" in comment.reason


class TestReloadingThePostingAddress:
    def test_a_get_is_sent_to_the_comment_form(self, client, essay):
        response = client.get(post_url(essay))
        assert response.status_code == 302
        assert response["Location"] == f"{essay.get_absolute_url()}#comment-form"
