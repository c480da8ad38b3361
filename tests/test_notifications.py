"""Notification email: who receives which message, what it says, and that each goes once."""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.tasks import task_backends
from django.utils import timezone

from comments import tasks
from comments.models import Comment, ModerationAction, OptOut, SentNotification, Subscription
from comments.moderation import form_token
from comments.posting import post_comment
from comments.signals import comment_approved, comment_held
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def subscribe(email, article=None, *, confirmed=True):
    kind = Subscription.Kind.FOLLOWUPS if article else Subscription.Kind.NEW_ESSAYS
    return Subscription.objects.create(
        email=email,
        kind=kind,
        article=article,
        confirmed_at=timezone.now() if confirmed else None,
    )


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The rate limits count posts in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture
def staff(db):
    """Who might hear of a held comment: two who may moderate, four who may not."""
    return {
        "moderator": UserFactory(username="mod", groups=["Moderators"]),
        "superuser": UserFactory(username="root", is_superuser=True),
        "editor": UserFactory(username="ed", groups=["Editors"]),
        "reader": UserFactory(username="reader"),
        "inactive": UserFactory(username="gone", groups=["Moderators"], is_active=False),
        "no_email": UserFactory(username="silent", groups=["Moderators"], email=""),
    }


@pytest.fixture
def essay(db):
    return ArticleFactory(
        title="The Long Goodbye, at a distance",
        authors=[UserFactory(username="critic", email="critic@example.org")],
    )


class TestHeldCommentEmail:
    def test_goes_to_moderators_and_superusers_only(
        self, staff, essay, django_capture_on_commit_callbacks
    ):
        comment = CommentFactory(article=essay, status=Comment.Status.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            comment_held.send(sender=Comment, comment=comment)
        assert recipients() == ["mod@example.org", "root@example.org"]

    def test_says_why_and_links_to_the_queue(
        self, staff, essay, settings, django_capture_on_commit_callbacks
    ):
        comment = CommentFactory(
            article=essay,
            status=Comment.Status.PENDING,
            author_name="Vera",
            body="Is the *cat* a MacGuffin?",
            reason="First comment from this commenter.",
        )
        with django_capture_on_commit_callbacks(execute=True):
            comment_held.send(sender=Comment, comment=comment)
        message = mail.outbox[0]
        assert "The Long Goodbye, at a distance" in message.subject
        queue = f"{settings.SITE_URL}/moderation/"
        for body in (message.body, html_of(message)):
            assert queue in body
            assert "First comment from this commenter." in body
            assert "Vera" in body
        assert "Is the *cat* a MacGuffin?" in message.body

    def test_a_guest_posting_a_first_comment_alerts_the_moderators(
        self, staff, essay, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            comment = post_comment(
                article=essay,
                body="The last shot answers the first.",
                name="Guest",
                email="guest@example.org",
                form_token=form_token(essay, at=time.time() - 60),
            )
        assert comment.status == Comment.Status.PENDING
        assert recipients() == ["mod@example.org", "root@example.org"]

    def test_an_edit_that_sends_a_comment_back_to_the_queue_alerts_the_moderators(
        self, client, staff, essay, django_capture_on_commit_callbacks
    ):
        member = UserFactory(username="member")
        comment = CommentFactory(article=essay, user=member, body="See the trailer.")
        client.force_login(member)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/comments/{comment.pk}/edit/", {"body": "See https://trailer.example.org now."}
            )
        assert recipients() == ["mod@example.org", "root@example.org"]
        assert "added links" in mail.outbox[0].body

    def test_an_edit_that_keeps_a_comment_published_alerts_no_one(
        self, client, staff, essay, django_capture_on_commit_callbacks
    ):
        member = UserFactory(username="member")
        comment = CommentFactory(article=essay, user=member, body="Frist")
        client.force_login(member)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/comments/{comment.pk}/edit/", {"body": "First"})
        assert mail.outbox == []

    def test_is_not_sent_once_the_comment_was_dealt_with(self, staff, essay):
        comment = CommentFactory(article=essay, status=Comment.Status.APPROVED)
        assert tasks.notify_moderators.call(comment.pk) == 0
        assert mail.outbox == []

    def test_a_moderator_who_opted_out_is_left_out(
        self, staff, essay, django_capture_on_commit_callbacks
    ):
        OptOut.objects.create(email="mod@example.org", kind=OptOut.Kind.HELD_COMMENTS)
        comment = CommentFactory(article=essay, status=Comment.Status.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            comment_held.send(sender=Comment, comment=comment)
        assert recipients() == ["root@example.org"]


class TestApprovedCommentEmail:
    def test_goes_to_the_essays_authors_and_confirmed_followers(
        self, essay, django_capture_on_commit_callbacks
    ):
        subscribe("follower@example.org", essay)
        subscribe("unconfirmed@example.org", essay, confirmed=False)
        subscribe("elsewhere@example.org", ArticleFactory())
        subscribe("essays-only@example.org")
        comment = CommentFactory(article=essay, author_email="vera@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            comment_approved.send(sender=Comment, comment=comment)
        assert recipients() == ["critic@example.org", "follower@example.org"]
        to_author, to_follower = sorted(mail.outbox, key=lambda message: message.to)
        assert to_author.subject == "New comment on your essay “The Long Goodbye, at a distance”"
        assert to_follower.subject == "New comment on “The Long Goodbye, at a distance”"
        assert "you wrote" in to_author.body
        assert "follow the comments" in to_follower.body

    def test_a_moderator_approving_a_held_comment_sends_it_to_followers(
        self, staff, essay, django_capture_on_commit_callbacks
    ):
        subscribe("follower@example.org", essay)
        with django_capture_on_commit_callbacks(execute=True):
            comment = post_comment(
                article=essay,
                body="First time here; the essay convinced me.",
                name="Guest",
                email="guest@example.org",
                form_token=form_token(essay, at=time.time() - 60),
            )
        assert comment.status == Comment.Status.PENDING
        assert recipients() == ["mod@example.org", "root@example.org"]
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            comment.moderate(ModerationAction.Action.APPROVE, moderator=staff["moderator"])
        assert recipients() == ["critic@example.org", "follower@example.org"]

    def test_quotes_the_comment_and_links_to_its_permalink(
        self, essay, settings, django_capture_on_commit_callbacks
    ):
        comment = CommentFactory(
            article=essay, author_name="Vera", body="The fog is a **character**."
        )
        with django_capture_on_commit_callbacks(execute=True):
            comment_approved.send(sender=Comment, comment=comment)
        message = mail.outbox[0]
        permalink = f"{settings.SITE_URL}/comments/{comment.pk}/"
        assert permalink in message.body
        assert "The fog is a **character**." in message.body
        assert permalink in html_of(message)
        assert "<strong>character</strong>" in html_of(message)

    def test_does_not_quote_a_comment_with_spoilers(
        self, essay, django_capture_on_commit_callbacks
    ):
        comment = CommentFactory(article=essay, body="In the end ||he shoots his friend||.")
        with django_capture_on_commit_callbacks(execute=True):
            comment_approved.send(sender=Comment, comment=comment)
        message = mail.outbox[0]
        assert "shoots" not in message.body
        assert "shoots" not in html_of(message)
        assert "contains spoilers" in message.body

    def test_never_goes_to_the_commenter(self, essay, django_capture_on_commit_callbacks):
        critic = essay.authors.get()
        subscribe("critic@example.org", essay)
        subscribe("VERA@example.org", essay)
        subscribe("follower@example.org", essay)
        by_guest = CommentFactory(article=essay, author_email="vera@example.org")
        by_author = CommentFactory(
            article=essay, user=critic, author_name="Critic", author_email=critic.email
        )
        with django_capture_on_commit_callbacks(execute=True):
            comment_approved.send(sender=Comment, comment=by_guest)
        assert recipients() == ["critic@example.org", "follower@example.org"]
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            comment_approved.send(sender=Comment, comment=by_author)
        assert recipients() == ["follower@example.org", "vera@example.org"]

    def test_an_author_who_follows_the_thread_gets_one_email(
        self, essay, django_capture_on_commit_callbacks
    ):
        subscribe("critic@example.org", essay)
        comment = CommentFactory(article=essay)
        with django_capture_on_commit_callbacks(execute=True):
            comment_approved.send(sender=Comment, comment=comment)
        assert recipients() == ["critic@example.org"]

    def test_is_sent_once_even_if_approved_again(self, essay, django_capture_on_commit_callbacks):
        subscribe("follower@example.org", essay)
        comment = CommentFactory(article=essay)
        with django_capture_on_commit_callbacks(execute=True):
            comment_approved.send(sender=Comment, comment=comment)
            comment_approved.send(sender=Comment, comment=comment)
        assert recipients() == ["critic@example.org", "follower@example.org"]
        notification = SentNotification.objects.get(comment=comment)
        assert notification.recipients == 2

    @pytest.mark.parametrize("status", [Comment.Status.SPAM, Comment.Status.REMOVED])
    def test_is_not_sent_for_a_comment_that_is_no_longer_approved(self, essay, status):
        subscribe("follower@example.org", essay)
        comment = CommentFactory(article=essay, status=status)
        assert tasks.notify_new_comment.call(comment.pk) == 0
        assert mail.outbox == []

    def test_an_author_who_opted_out_is_left_out(self, essay, django_capture_on_commit_callbacks):
        OptOut.objects.create(email="critic@example.org", kind=OptOut.Kind.ESSAY_COMMENTS)
        subscribe("follower@example.org", essay)
        comment = CommentFactory(article=essay)
        with django_capture_on_commit_callbacks(execute=True):
            comment_approved.send(sender=Comment, comment=comment)
        assert recipients() == ["follower@example.org"]


class TestNothingForSpam:
    def test_a_spam_comment_sends_nothing_and_subscribes_no_one(
        self, staff, essay, django_capture_on_commit_callbacks
    ):
        subscribe("follower@example.org", essay)
        with django_capture_on_commit_callbacks(execute=True):
            comment = post_comment(
                article=essay,
                body="Great essay.",
                name="Robot",
                email="robot@example.org",
                honeypot="https://spam.example.com",
                form_token=form_token(essay, at=time.time() - 60),
                notify_followups=True,
                notify_new_essays=True,
            )
        assert comment.status == Comment.Status.SPAM
        assert mail.outbox == []
        assert not Subscription.objects.filter(email="robot@example.org").exists()


class TestEveryEmailCanBeStopped:
    def test_each_message_carries_one_click_unsubscribe_headers_and_link(
        self, staff, essay, django_capture_on_commit_callbacks
    ):
        subscribe("follower@example.org", essay)
        subscribe("reader@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            comment_held.send(
                sender=Comment,
                comment=CommentFactory(article=essay, status=Comment.Status.PENDING),
            )
            comment_approved.send(sender=Comment, comment=CommentFactory(article=essay))
            ArticleFactory()
        assert len(mail.outbox) == 5  # two moderators, author, follower, new-essay reader
        for message in mail.outbox:
            link = message.extra_headers["List-Unsubscribe"].strip("<>")
            assert "/subscriptions/unsubscribe/" in link
            assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert link in message.body
            assert link.replace("&", "&amp;") in html_of(message)


class TestNewEssayEmail:
    def test_goes_once_to_confirmed_subscribers_when_an_essay_is_published(
        self, django_capture_on_commit_callbacks
    ):
        subscribe("reader@example.org")
        subscribe("pending@example.org", confirmed=False)
        subscribe("follower@example.org", ArticleFactory())
        author = UserFactory(display_name="Ann Critic")
        with django_capture_on_commit_callbacks(execute=True):
            essay = ArticleFactory(
                title="Mizoguchi's long takes",
                status="published",
                publish_at=None,
                authors=[author],
            )
        assert recipients() == ["reader@example.org"]
        message = mail.outbox[0]
        assert "Mizoguchi's long takes" in message.subject
        assert essay.get_absolute_url() in message.body
        assert "Ann Critic" in message.body
        assert "Ann Critic" in html_of(message)

    def test_saving_the_essay_again_sends_nothing_more(self, django_capture_on_commit_callbacks):
        subscribe("reader@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            essay = ArticleFactory(publish_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            essay.title = "A better title"
            essay.save()
        assert tasks.announce_new_essay.call(essay.pk) == 0
        assert len(mail.outbox) == 1

    def test_a_draft_is_not_announced_until_it_is_published(
        self, django_capture_on_commit_callbacks
    ):
        subscribe("reader@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            essay = ArticleFactory(status="draft", publish_at=None)
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            essay.status = "published"
            essay.save()
        assert recipients() == ["reader@example.org"]

    def test_a_back_dated_essay_is_not_announced(
        self, settings, django_capture_on_commit_callbacks
    ):
        subscribe("reader@example.org")
        old = timezone.now() - timedelta(days=settings.COMMENTS_ANNOUNCE_WITHIN_DAYS + 1)
        with django_capture_on_commit_callbacks(execute=True):
            essay = ArticleFactory(publish_at=old)
        assert tasks.announce_new_essay.call(essay.pk) == 0
        assert mail.outbox == []


class TestScheduledEssayEmail:
    @pytest.fixture
    def queue(self, settings):
        settings.TASKS = DUMMY_TASKS
        backend = task_backends["default"]
        yield backend
        backend.clear()

    def test_is_enqueued_to_run_at_the_publication_time(
        self, queue, django_capture_on_commit_callbacks
    ):
        publish_at = timezone.now() + timedelta(days=2)
        with django_capture_on_commit_callbacks(execute=True):
            essay = ArticleFactory(status="scheduled", publish_at=publish_at)
        [result] = queue.results
        assert result.task.name == "announce_new_essay"
        assert result.task.run_after == publish_at
        assert result.args == [essay.pk]

    def test_sends_only_when_its_time_has_come(self, queue, monkeypatch):
        subscribe("reader@example.org")
        publish_at = timezone.now() + timedelta(hours=3)
        essay = ArticleFactory(status="scheduled", publish_at=publish_at)
        assert tasks.announce_new_essay.call(essay.pk) == 0
        assert mail.outbox == []

        later = publish_at + timedelta(minutes=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert tasks.announce_new_essay.call(essay.pk) == 1
        assert tasks.announce_new_essay.call(essay.pk) == 0
        assert recipients() == ["reader@example.org"]

    def test_a_rescheduled_essay_is_sent_at_its_new_time_only(
        self, queue, monkeypatch, django_capture_on_commit_callbacks
    ):
        subscribe("reader@example.org")
        first_time = timezone.now() + timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            essay = ArticleFactory(status="scheduled", publish_at=first_time)
            essay.publish_at = first_time + timedelta(days=1)
            essay.save()
        assert [r.task.run_after for r in queue.results] == [first_time, essay.publish_at]

        monkeypatch.setattr(timezone, "now", lambda: first_time + timedelta(minutes=1))
        assert tasks.announce_new_essay.call(essay.pk) == 0  # the first task, now stale
        monkeypatch.setattr(timezone, "now", lambda: essay.publish_at + timedelta(minutes=1))
        assert tasks.announce_new_essay.call(essay.pk) == 1

    def test_an_essay_returned_to_draft_is_not_sent(self, queue, monkeypatch):
        subscribe("reader@example.org")
        publish_at = timezone.now() + timedelta(hours=1)
        essay = ArticleFactory(status="scheduled", publish_at=publish_at)
        essay.status = "draft"
        essay.save()
        monkeypatch.setattr(timezone, "now", lambda: publish_at + timedelta(minutes=1))
        assert tasks.announce_new_essay.call(essay.pk) == 0
        assert mail.outbox == []

    def test_the_immediate_backend_leaves_it_to_the_catch_up_command(
        self, settings, monkeypatch, django_capture_on_commit_callbacks
    ):
        subscribe("reader@example.org")
        publish_at = timezone.now() + timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            ArticleFactory(status="scheduled", publish_at=publish_at)
        assert mail.outbox == []
        call_command("announce_due_essays", stdout=StringIO())
        assert mail.outbox == []
        monkeypatch.setattr(timezone, "now", lambda: publish_at + timedelta(minutes=1))
        call_command("announce_due_essays", stdout=StringIO())
        call_command("announce_due_essays", stdout=StringIO())
        assert recipients() == ["reader@example.org"]
