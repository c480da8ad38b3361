"""An essay's page loads only the comments its reader may see; old spam is purged."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from comments.threads import Thread
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def essay(db):
    return ArticleFactory()


def test_unanswered_spam_and_removed_comments_are_never_loaded(essay):
    shown = CommentFactory(article=essay)
    spam = CommentFactory.create_batch(20, article=essay, status=Status.SPAM)
    removed = CommentFactory(article=essay, status=Status.REMOVED)
    thread = Thread(essay)
    assert set(thread.by_id) == {shown.pk}
    assert not {c.pk for c in [*spam, removed]} & set(thread.by_id)


def test_a_hidden_comment_with_replies_is_loaded_as_their_placeholder(essay):
    removed = CommentFactory(article=essay, status=Status.REMOVED)
    reply = CommentFactory(article=essay, parent=removed)
    thread = Thread(essay)
    assert set(thread.by_id) == {removed.pk, reply.pk}
    assert [node.visible for node in thread.roots] == [False]


def test_a_readers_own_waiting_comments_are_loaded(essay):
    member = UserFactory()
    mine = CommentFactory(article=essay, user=member, status=Status.PENDING)
    by_this_browser = CommentFactory(article=essay, status=Status.SPAM)
    someone_elses = CommentFactory(article=essay, status=Status.PENDING)
    thread = Thread(essay, reader=member, own_ids=[by_this_browser.pk])
    assert set(thread.by_id) == {mine.pk, by_this_browser.pk}
    assert someone_elses.pk not in thread.by_id


def test_purge_deletes_old_unanswered_spam_only(essay, settings):
    settings.COMMENTS_SPAM_RETENTION_DAYS = 30
    long_ago = timezone.now() - timedelta(days=31)
    old = CommentFactory(article=essay, status=Status.SPAM, submitted_at=long_ago)
    recent = CommentFactory(article=essay, status=Status.SPAM)
    answered = CommentFactory(article=essay, status=Status.SPAM, submitted_at=long_ago)
    CommentFactory(article=essay, parent=answered)
    kept_approved = CommentFactory(article=essay, submitted_at=long_ago)
    out = StringIO()
    call_command("purge_spam_comments", stdout=out)
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {recent.pk, answered.pk, kept_approved.pk} <= remaining
    assert "Deleted 1 spam comment" in out.getvalue()
