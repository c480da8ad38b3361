"""An author's edit and delete are methods of Comment; the views only translate HTTP."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from comments.models import Comment, ModerationAction, ModerationSettings
from comments.signals import comment_held
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status


@pytest.fixture
def member():
    return UserFactory(username="comment-author")


@pytest.fixture
def comment(member):
    return CommentFactory(article=ArticleFactory(), user=member, body="A first thought.")


class TestEditByAuthor:
    def test_the_new_text_is_saved_and_audited(self, comment, member):
        decision = comment.edit_by_author("A second thought.", by=member)

        comment.refresh_from_db()
        assert decision is None
        assert (comment.body, comment.status) == ("A second thought.", Status.APPROVED)
        assert comment.edited_at is not None
        action = comment.moderation_actions.get()
        assert (action.action, action.from_status, action.to_status) == (
            ModerationAction.Action.EDIT,
            Status.APPROVED,
            Status.APPROVED,
        )

    def test_an_approved_comment_that_gains_links_goes_back_to_the_queue(
        self, comment, member, django_capture_on_commit_callbacks
    ):
        held = []

        def listener(sender, comment, **kwargs):
            held.append(comment.pk)

        comment_held.connect(listener)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                comment.edit_by_author(
                    "See https://one.example, https://two.example and https://three.example",
                    by=member,
                )
        finally:
            comment_held.disconnect(listener)

        comment.refresh_from_db()
        assert comment.status == Status.PENDING
        assert comment.reason_code == Comment.Reason.EDITED
        assert held == [comment.pk]

    def test_a_block_word_sends_the_edit_to_spam(self, comment, member):
        settings_row = ModerationSettings.load()
        settings_row.block_words = "casino"
        settings_row.save()

        comment.edit_by_author("Visit the casino tonight.", by=member)

        assert Comment.objects.get(pk=comment.pk).status == Status.SPAM

    def test_no_one_else_and_not_after_the_window(self, comment, member):
        with pytest.raises(PermissionDenied):
            comment.edit_by_author("Not mine.", by=UserFactory())
        Comment.objects.filter(pk=comment.pk).update(
            submitted_at=comment.submitted_at - timedelta(days=1)
        )
        comment.refresh_from_db()
        with pytest.raises(PermissionDenied):
            comment.edit_by_author("Too late.", by=member)
        assert Comment.objects.get(pk=comment.pk).body == "A first thought."


class TestDeleteByAuthor:
    def test_a_comment_without_replies_goes(self, comment, member):
        comment.delete_by_author(by=member)

        assert not Comment.objects.filter(pk=comment.pk).exists()
        assert ModerationAction.objects.get().action == ModerationAction.Action.DELETE

    def test_a_comment_with_replies_stays_as_a_placeholder(self, comment, member):
        CommentFactory(article=comment.article, parent=comment)

        comment.delete_by_author(by=member)

        comment.refresh_from_db()
        assert comment.is_deleted and comment.body == ""
        assert comment.moderation_actions.get().action == ModerationAction.Action.DELETE

    def test_the_count_readers_see_follows_the_delete(self, comment, member):
        article = comment.article
        assert type(article).objects.get(pk=article.pk).comment_count == 1
        comment.delete_by_author(by=member)
        assert type(article).objects.get(pk=article.pk).comment_count == 0

    def test_no_one_else_deletes_it(self, comment):
        with pytest.raises(PermissionDenied):
            comment.delete_by_author(by=UserFactory())


class TestTheViewsUseTheMethods:
    def test_the_edit_page_calls_edit_by_author(self, client, comment, member, monkeypatch):
        calls = []
        edit = Comment.edit_by_author
        monkeypatch.setattr(
            Comment,
            "edit_by_author",
            lambda self, body, *, by: calls.append((self.pk, body)) or edit(self, body, by=by),
        )
        client.force_login(member)
        client.post(f"/comments/{comment.pk}/edit/", {"body": "Edited in the page."})
        assert calls == [(comment.pk, "Edited in the page.")]

    def test_the_delete_page_calls_delete_by_author(self, client, comment, member, monkeypatch):
        calls = []
        delete = Comment.delete_by_author
        monkeypatch.setattr(
            Comment,
            "delete_by_author",
            lambda self, *, by: calls.append(self.pk) or delete(self, by=by),
        )
        client.force_login(member)
        client.post(f"/comments/{comment.pk}/delete/")
        assert calls == [comment.pk]
