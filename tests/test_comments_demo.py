"""The demo comments: real conversations under the demo essays, one comment waiting for the
demo moderator, decided by the real rules, and nothing created twice."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.demo import demo_comments, ensure_demo_comments
from comments.models import Comment, ModerationAction
from comments.threads import Thread
from reviews.models import Article
from tests.html import assertInHTML, elements

pytestmark = pytest.mark.django_db

Status = Comment.Status


def depth_of(comment):
    depth = 1
    while comment.parent_id is not None:
        comment, depth = comment.parent, depth + 1
    return depth


@pytest.mark.usefixtures("demo_content")
class TestLoadingTwice:
    def test_the_first_load_emails_no_one_about_comments(self, demo_state):
        # The session's load, into the empty database, made every comment; each test starts
        # with an empty outbox, so the mails that load sent are kept aside.
        assert not [m for m in demo_state.mail if "comment" in m.subject.lower()]

    def test_a_second_load_creates_no_comment_and_sends_no_email(self):
        # The first load is the session's; this test's own is the second, rolled back after it.
        second = StringIO()
        rows = list(Comment.objects.order_by("pk").values())
        actions = list(ModerationAction.objects.order_by("pk").values())
        call_command("load_demo", stdout=second)
        assert list(Comment.objects.order_by("pk").values()) == rows
        assert list(ModerationAction.objects.order_by("pk").values()) == actions
        assert len(rows) == len(demo_comments())
        summary = rf"comments\s+0 created, {len(demo_comments())} present"
        assert re.search(summary, second.getvalue())
        assert not [m for m in mail.outbox if "comment" in m.subject.lower()]


@pytest.mark.usefixtures("demo_content")
class TestDemoComments:
    def test_approved_threads_sit_under_three_published_essays(self):
        approved = Comment.objects.public()
        essays = Article.objects.published().filter(comments__in=approved).distinct()
        assert essays.count() == 3
        assert approved.count() == len(demo_comments()) - 1

    def test_one_reply_chain_is_three_deep(self):
        assert max(depth_of(comment) for comment in Comment.objects.all()) == 3

    def test_guests_and_the_demo_critic_and_editor_take_part(self):
        usernames = set(Comment.objects.exclude(user=None).values_list("user__username", flat=True))
        assert usernames == {"critic", "editor"}
        assert Comment.objects.filter(user=None, status=Status.APPROVED).count() >= 5

    def test_the_essays_authors_reply_under_their_essays(self):
        author_replies = [
            comment
            for comment in Comment.objects.exclude(user=None).exclude(parent=None)
            if comment.article.authors.filter(pk=comment.user_id).exists()
        ]
        assert author_replies
        assert all(c.reason_code == Comment.Reason.TRUSTED for c in author_replies)

    def test_one_comment_hides_a_spoiler(self):
        spoiling = Comment.objects.public().filter(contains_spoilers=True)
        assert spoiling.count() == 1
        assert elements(spoiling.get().body_html, "span", class_="spoiler")

    def test_one_guest_signs_with_a_website(self, client):
        guest = Comment.objects.public().exclude(author_website="").get()
        html = client.get(guest.article.get_absolute_url()).content.decode()
        assert elements(html, "a", href=guest.author_website, rel="nofollow ugc noopener")

    def test_held_comments_were_approved_by_the_demo_moderator_and_recorded(self):
        moderator = get_user_model().objects.get(username="moderator")
        approved_by_hand = Comment.objects.filter(reason_code=Comment.Reason.MODERATOR)
        assert approved_by_hand.exists()
        for comment in approved_by_hand:
            assert comment.approved_by == moderator
            assert comment.approved_at > comment.submitted_at
            action = comment.moderation_actions.get()
            assert (action.from_status, action.to_status) == (Status.PENDING, Status.APPROVED)
            assert action.note == "First comment from this commenter."
            assert action.created_at == comment.approved_at

    def test_a_returning_guest_is_approved_by_the_rule_for_approved_commenters(self):
        assert Comment.objects.filter(reason_code=Comment.Reason.APPROVED_BEFORE).exists()

    def test_the_moderator_finds_one_first_time_guest_waiting(self, client):
        waiting = Comment.objects.pending().get()
        assert waiting.reason_code == Comment.Reason.FIRST_COMMENT
        assert waiting.is_guest and waiting.ip_address
        client.force_login(get_user_model().objects.get(username="moderator"))
        response = client.get(reverse("comments:queue"))
        assert waiting.author_name in response.content.decode()
        assert "First comment from this commenter." in response.content.decode()

    def test_readers_see_the_threads_but_not_the_waiting_comment(self, client):
        waiting = Comment.objects.pending().get()
        html = client.get(waiting.article.get_absolute_url()).content.decode()
        assert waiting.author_name not in html
        assertInHTML('<span class="comment__badge">Author</span>', html, count=1)
        thread = Thread(waiting.article)
        assert thread.count == Comment.objects.public().filter(article=waiting.article).count()

    def test_every_comment_is_posted_after_its_essay_and_before_now(self):
        for comment in Comment.objects.select_related("article", "parent"):
            assert comment.article.publish_at < comment.submitted_at <= timezone.now()
            if comment.parent:
                assert comment.parent.submitted_at < comment.submitted_at

    def test_a_moderators_decision_on_a_demo_comment_survives_a_reload(self):
        comment = Comment.objects.public().filter(parent=None).first()
        comment.moderate(
            ModerationAction.Action.REMOVE,
            moderator=get_user_model().objects.get(username="moderator"),
        )
        assert ensure_demo_comments() == {"comments": (0, len(demo_comments()))}
        comment.refresh_from_db()
        assert comment.status == Status.REMOVED

    def test_a_deleted_thread_comes_back_with_its_replies(self):
        root = Comment.objects.get(parent=None, replies__replies__isnull=False)
        Comment.objects.filter(pk=root.pk).delete()
        assert ensure_demo_comments() == {"comments": (3, len(demo_comments()))}
        assert max(depth_of(comment) for comment in Comment.objects.all()) == 3
