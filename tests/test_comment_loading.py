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


def test_a_reply_stores_its_thread_and_depth(essay):
    first = CommentFactory(article=essay)
    reply = CommentFactory(article=essay, parent=first)
    deeper = CommentFactory(article=essay, parent=reply)
    assert (first.thread_id, first.depth) == (None, 1)
    assert (reply.thread_id, reply.depth) == (first.pk, 2)
    assert (deeper.thread_id, deeper.depth) == (first.pk, 3)
    assert deeper.identicon == deeper.identicon_digest


def test_a_page_of_threads_loads_only_the_comments_of_those_threads(essay, settings, rf):
    from django.contrib.auth.models import AnonymousUser

    from comments.templatetags.comments_tags import CommentSection

    settings.COMMENTS_PER_PAGE = 2
    roots = CommentFactory.create_batch(3, article=essay)
    replies = [CommentFactory(article=essay, parent=root) for root in roots]
    request = rf.get(essay.get_absolute_url())
    request.user = AnonymousUser()
    request.session = {}
    essay.refresh_from_db()  # the stored count, as the page loads it
    section = CommentSection(request, essay)
    assert set(section.thread.by_id) == {c.pk for c in [*roots[:2], *replies[:2]]}
    assert [node.comment for node in section.page.object_list] == roots[:2]
    assert section.page.paginator.num_pages == 2
    assert section.count == 6


def test_replying_to_a_comment_on_another_page_keeps_the_reply(client, essay, settings):
    settings.COMMENTS_PER_PAGE = 1
    CommentFactory(article=essay)
    later = CommentFactory(article=essay, author_name="Later Larry")
    response = client.get(f"{essay.get_absolute_url()}?replyto={later.pk}")
    assert "Reply to Later Larry" in response.content.decode()
