"""An account whose email address is not verified is held like a guest's first comment, until
the address is verified; staff, social identities and the demo accounts are not held for it.
Sign-up returns the reader to where they started."""

import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.demo import ensure_demo_accounts
from comments.models import Comment
from comments.moderation import form_token
from comments.posting import post_comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
Reason = Comment.Reason
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^/\s]+/")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def essay(db):
    return ArticleFactory()


def post(article, user):
    return post_comment(
        article=article,
        user=user,
        body="The cut to black says more than the speech.",
        form_token=form_token(article, at=time.time() - 60),
    )


def verify(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class TestUnverifiedAccounts:
    def test_an_unverified_accounts_comment_is_held_and_says_why(self, essay):
        comment = post(essay, UserFactory())
        assert comment.status == Status.PENDING
        assert comment.reason_code == Reason.UNVERIFIED_EMAIL
        assert comment.reason == "The commenter's email address is not verified yet."

    def test_an_approved_comment_before_does_not_approve_an_unverified_account(self, essay):
        reader = UserFactory()
        CommentFactory(article=essay, user=reader, status=Status.APPROVED)
        assert post(essay, reader).reason_code == Reason.UNVERIFIED_EMAIL

    def test_once_verified_the_usual_rules_decide(self, essay):
        reader = UserFactory()
        verify(reader)
        assert post(essay, reader).reason_code == Reason.FIRST_COMMENT

    def test_an_unverified_address_elsewhere_on_the_account_does_not_count(self, essay):
        reader = UserFactory()
        EmailAddress.objects.create(user=reader, email=reader.email, verified=False)
        assert post(essay, reader).reason_code == Reason.UNVERIFIED_EMAIL

    def test_the_reader_is_told_to_confirm_their_address(self, client, essay):
        client.force_login(UserFactory())
        response = client.post(
            reverse("comments:post", args=[essay.slug]),
            {"body": "Held for now.", "started": form_token(essay, at=time.time() - 60)},
            follow=True,
        )
        assert "waits until you confirm your email address" in response.content.decode()


class TestAccountsCountedAsVerified:
    def test_staff_are_not_held_for_an_unverified_address(self, essay):
        assert post(essay, UserFactory(is_staff=True)).reason_code == Reason.FIRST_COMMENT

    def test_a_social_identity_counts_as_verified(self, essay):
        reader = UserFactory(email="")
        SocialAccount.objects.create(user=reader, provider="twitter_oauth2", uid="42")
        assert post(essay, reader).reason_code == Reason.FIRST_COMMENT

    def test_moderators_are_approved_without_a_verified_address(self, essay):
        moderator = UserFactory(groups=["Moderators"])
        assert post(essay, moderator).status == Status.APPROVED

    def test_the_demo_accounts_addresses_are_verified(self, essay):
        for user, _password, _created in ensure_demo_accounts():
            assert EmailAddress.objects.filter(user=user, email=user.email, verified=True)


class TestSignup:
    def test_sign_up_returns_the_reader_to_where_they_started(self, client, essay):
        start = essay.get_absolute_url() + "#comment-form"
        response = client.post(
            reverse("account_signup"),
            {
                "username": "newreader",
                "display_name": "New Reader",
                "email": "new@example.org",
                "password1": "a long enough passphrase 42",
                "password2": "a long enough passphrase 42",
                "next": start,
            },
        )
        assert response.status_code == 302
        assert response.url == start

    def test_a_new_readers_comments_wait_until_the_address_is_confirmed(self, client, essay):
        client.post(
            reverse("account_signup"),
            {
                "username": "newreader",
                "display_name": "New Reader",
                "email": "new@example.org",
                "password1": "a long enough passphrase 42",
                "password2": "a long enough passphrase 42",
            },
        )
        reader = EmailAddress.objects.get(email="new@example.org").user
        assert post(essay, reader).reason_code == Reason.UNVERIFIED_EMAIL

        [link] = CONFIRM_LINK.findall(mail.outbox[-1].body)
        client.post(urlsplit(link).path)
        assert EmailAddress.objects.get(email="new@example.org").verified
        assert post(essay, reader).reason_code == Reason.NOT_YET_APPROVED
