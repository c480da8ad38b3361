"""The moderation rules: each decides in its turn, and the comment records which one did."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from comments.models import Comment, IdentityRule, ModerationSettings
from comments.moderation import form_token
from comments.posting import CommentsClosed, RateLimited, post_comment
from comments.signals import comment_approved, comment_held, comment_posted
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
Reason = Comment.Reason


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def essay(db):
    return ArticleFactory()


def post(article, *, email="ann@example.org", name="Ann", body="A fair point.", **kwargs):
    kwargs.setdefault("form_token", form_token(article, at=time.time() - 60))
    kwargs.setdefault("ip_address", "198.51.100.7")
    return post_comment(article=article, name=name, email=email, body=body, **kwargs)


def approved_before(article, email="ann@example.org"):
    return CommentFactory(article=article, author_email=email, status=Status.APPROVED)


class TestSpamRules:
    def test_a_filled_honeypot_is_spam(self, essay):
        comment = post(essay, honeypot="http://spam.example")
        assert (comment.status, comment.reason_code) == (Status.SPAM, Reason.HONEYPOT)

    def test_posting_faster_than_the_minimum_is_spam(self, essay, settings):
        settings.COMMENTS_MIN_SECONDS = 5
        comment = post(essay, form_token=form_token(essay, at=time.time() - 1))
        assert (comment.status, comment.reason_code) == (Status.SPAM, Reason.TOO_FAST)
        assert "minimum is 5" in comment.reason

    @pytest.mark.parametrize("token", ["", "not-signed", "eyJhIjoxfQ:bad:sig"])
    def test_a_missing_or_altered_timestamp_is_spam(self, essay, token):
        comment = post(essay, form_token=token)
        assert (comment.status, comment.reason_code) == (Status.SPAM, Reason.TOO_FAST)

    def test_a_timestamp_from_another_essay_is_spam(self, essay):
        other = ArticleFactory()
        comment = post(essay, form_token=form_token(other, at=time.time() - 60))
        assert comment.reason_code == Reason.TOO_FAST

    @pytest.mark.parametrize(
        "value", ["ann@example.org", "email:ANN@example.org", "198.51.100.7", "198.51.100.0/24"]
    )
    def test_a_banned_email_or_ip_is_spam(self, essay, value):
        approved_before(essay)  # a ban outranks a good record
        IdentityRule.objects.create(kind=IdentityRule.Kind.BAN, value=value, note="flooding")
        comment = post(essay)
        assert (comment.status, comment.reason_code) == (Status.SPAM, Reason.BANNED)
        assert "flooding" in comment.reason

    def test_a_banned_account_is_spam(self, essay):
        member = UserFactory()
        IdentityRule.objects.create(kind=IdentityRule.Kind.BAN, value=f"user:{member.pk}")
        comment = post(essay, user=member)
        assert comment.reason_code == Reason.BANNED

    @pytest.mark.parametrize(
        "field", [{"body": "Best CASINO BONUS here"}, {"name": "Casino Bonus"}]
    )
    def test_a_block_word_anywhere_is_spam(self, essay, field):
        comment = post(essay, **field)
        assert (comment.status, comment.reason_code) == (Status.SPAM, Reason.BLOCK_WORD)
        assert "“casino bonus”" in comment.reason

    def test_block_words_match_whole_words_only(self, essay):
        approved_before(essay)
        comment = post(essay, body="A specialist in cialisque fonts.")
        assert comment.status == Status.APPROVED

    def test_moderators_edit_the_word_lists(self, essay):
        moderation = ModerationSettings.load()
        moderation.block_words = "widgetry"
        moderation.save()
        assert post(essay, body="Cheap widgetry!").reason_code == Reason.BLOCK_WORD


class TestHoldingRules:
    def test_a_hold_word_holds(self, essay):
        approved_before(essay)
        comment = post(essay, body="See bit.ly/abc")
        assert (comment.status, comment.reason_code) == (Status.PENDING, Reason.HOLD_WORD)

    def test_more_links_than_the_limit_hold(self, essay):
        approved_before(essay)
        body = "https://a.example https://b.example [c](https://c.example)"
        comment = post(essay, body=body)
        assert (comment.status, comment.reason_code) == (Status.PENDING, Reason.LINKS)
        assert "3 links" in comment.reason

    def test_links_up_to_the_limit_pass(self, essay):
        approved_before(essay)
        assert post(essay, body="https://a.example https://b.example").status == Status.APPROVED

    def test_the_link_limit_is_editable(self, essay):
        approved_before(essay)
        ModerationSettings.objects.update_or_create(pk=1, defaults={"max_links": 0})
        assert post(essay, body="https://a.example").reason_code == Reason.LINKS

    def test_a_first_comment_waits(self, essay):
        comment = post(essay)
        assert (comment.status, comment.reason_code) == (Status.PENDING, Reason.FIRST_COMMENT)
        assert comment.reason == "First comment from this commenter."

    def test_earlier_comments_still_waiting_keep_the_next_waiting(self, essay):
        CommentFactory(article=essay, author_email="ann@example.org", status=Status.PENDING)
        comment = post(essay)
        assert (comment.status, comment.reason_code) == (Status.PENDING, Reason.NOT_YET_APPROVED)


class TestApprovingRules:
    def test_an_approved_comment_before_approves(self, essay):
        approved_before(essay, email="Ann@Example.org")
        comment = post(essay, email="ann@example.org ")
        assert (comment.status, comment.reason_code) == (Status.APPROVED, Reason.APPROVED_BEFORE)
        assert comment.approved_at is not None

    def test_a_trusted_identity_is_approved_even_the_first_time(self, essay):
        IdentityRule.objects.create(kind=IdentityRule.Kind.TRUST, value="ann@example.org")
        comment = post(essay)
        assert (comment.status, comment.reason_code) == (Status.APPROVED, Reason.TRUSTED)

    def test_a_trusted_identity_is_still_held_by_a_hold_word(self, essay):
        IdentityRule.objects.create(kind=IdentityRule.Kind.TRUST, value="ann@example.org")
        assert post(essay, body="tinyurl.com/x").reason_code == Reason.HOLD_WORD

    def test_moderators_and_the_essays_author_are_trusted(self, essay):
        moderator = UserFactory(groups=["Moderators"])
        author = essay.authors.get()
        assert post(essay, user=moderator).reason == "Posted by a moderator."
        assert post(essay, user=author).reason == "Posted by the essay's author."

    def test_an_account_comments_under_its_own_name_and_email(self, essay):
        member = UserFactory(display_name="Ida Lupino", email="ida@example.org")
        comment = post(essay, user=member, name="Someone else", email="x@example.org")
        assert (comment.author_name, comment.author_email) == ("Ida Lupino", "ida@example.org")
        assert comment.identity == f"user:{member.pk}"


class TestRefusals:
    def test_a_closed_essay_refuses_and_stores_nothing(self, essay):
        essay.comments_open = False
        essay.save()
        with pytest.raises(CommentsClosed, match="closed"):
            post(essay)
        assert not Comment.objects.exists()

    def test_an_essay_older_than_the_limit_refuses(self, settings):
        settings.COMMENTS_CLOSE_AFTER_DAYS = 30
        old = ArticleFactory(publish_at=timezone.now() - timedelta(days=31))
        with pytest.raises(CommentsClosed, match="30 days"):
            post(old)
        recent = ArticleFactory(publish_at=timezone.now() - timedelta(days=29))
        assert post(recent).pk

    def test_a_reply_must_be_on_the_same_essay(self, essay):
        elsewhere = CommentFactory()
        with pytest.raises(ValueError):
            post(essay, parent=elsewhere)


class TestRateLimits:
    @pytest.fixture(autouse=True)
    def clock_stands_still(self, monkeypatch):
        """The limits count posts in fixed windows (this minute, this hour). A clock that stands
        still keeps a test's posts in one window, however slowly a busy machine runs them."""
        now = time.time()
        monkeypatch.setattr(time, "time", lambda: now)

    def test_the_sixth_comment_in_a_minute_is_refused_and_not_stored(self, essay):
        for _ in range(5):
            post(essay)
        with pytest.raises(RateLimited, match="more than 5 comments in a minute") as refused:
            post(essay)
        assert refused.value.retry_after > 0
        assert Comment.objects.count() == 5

    def test_one_ip_is_limited_across_names(self, essay):
        for n in range(5):
            post(essay, email=f"sock{n}@example.org")
        with pytest.raises(RateLimited):
            post(essay, email="sock9@example.org")

    def test_one_commenter_is_limited_across_ips(self, essay):
        for n in range(5):
            post(essay, ip_address=f"203.0.113.{n}")
        with pytest.raises(RateLimited):
            post(essay, ip_address="203.0.113.99")

    def test_the_hourly_limit(self, essay, settings):
        settings.COMMENTS_RATE_PER_MINUTE = 100
        settings.COMMENTS_RATE_PER_HOUR = 3
        for _ in range(3):
            post(essay)
        with pytest.raises(RateLimited, match="in an hour"):
            post(essay)

    def test_other_commenters_are_not_affected(self, essay):
        for _ in range(5):
            post(essay)
        assert post(essay, email="bo@example.org", ip_address="192.0.2.1").pk


class TestSignals:
    @pytest.fixture
    def received(self):
        calls = []

        def receiver(signal):
            def record(sender, **kwargs):
                calls.append((signal, kwargs))

            return record

        receivers = {
            "posted": receiver("posted"),
            "held": receiver("held"),
            "approved": receiver("approved"),
        }
        comment_posted.connect(receivers["posted"])
        comment_held.connect(receivers["held"])
        comment_approved.connect(receivers["approved"])
        yield calls
        comment_posted.disconnect(receivers["posted"])
        comment_held.disconnect(receivers["held"])
        comment_approved.disconnect(receivers["approved"])

    def test_a_held_comment_is_announced_after_commit(
        self, essay, received, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            comment = post(essay, notify_followups=True)
            assert received == []
        for callback in callbacks:
            callback()
        assert [name for name, _ in received] == ["posted", "held"]
        posted = received[0][1]
        assert posted["comment"] == comment
        assert posted["notify_followups"] is True and posted["notify_new_essays"] is False

    def test_an_approved_comment_is_announced_as_approved(
        self, essay, received, django_capture_on_commit_callbacks
    ):
        approved_before(essay)
        with django_capture_on_commit_callbacks(execute=True):
            post(essay)
        assert [name for name, _ in received] == ["posted", "approved"]

    def test_spam_is_announced_to_no_one(self, essay, received, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            post(essay, honeypot="filled")
        assert received == []
