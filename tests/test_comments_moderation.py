"""The moderation queue, its actions and their audit trail, the rules page, the admin, the
header badge and the IP purge."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, IdentityRule, ModerationAction, ModerationSettings
from comments.signals import comment_approved
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
Action = ModerationAction.Action


@pytest.fixture
def moderator(db):
    return UserFactory(username="tomas", display_name="Tomás", groups=["Moderators"])


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


def act(client, action, *comments, **extra):
    data = {"action": action, "comments": [c.pk for c in comments], **extra}
    return client.post("/moderation/act/", data)


class TestQueueAccess:
    def test_the_moderators_group_holds_the_permission(self):
        group = Group.objects.get(name="Moderators")
        assert group.permissions.filter(codename="moderate_comment").exists()

    @pytest.mark.parametrize("who", ["reader", "editor", "staff"])
    def test_signed_in_people_without_the_permission_get_a_styled_403(self, client, who):
        client.force_login(
            UserFactory(groups=["Editors"] if who == "editor" else [], is_staff=who == "staff")
        )
        for url in ["/moderation/", "/moderation/rules/"]:
            response = client.get(url)
            assert response.status_code == 403
            assert b'<header class="site-header' in response.content
            assert b"Not allowed" in response.content
        assert client.post("/moderation/act/", {"action": "approve"}).status_code == 403

    def test_a_logged_out_visitor_is_sent_to_log_in_and_back_to_the_queue(self, client):
        response = client.get("/moderation/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/moderation/"
        assert client.post("/moderation/act/", {"action": "approve"}).status_code == 403

    def test_moderators_and_superusers_get_the_queue(self, client, moderator):
        client.force_login(moderator)
        assert client.get("/moderation/").status_code == 200
        client.force_login(UserFactory(is_superuser=True))
        assert client.get("/moderation/").status_code == 200


class TestQueue:
    def test_shows_what_a_moderator_needs_to_decide(self, mod_client):
        essay = ArticleFactory(title="Chungking Express at night")
        parent = CommentFactory(article=essay, body="The jukebox song never stops.")
        CommentFactory(author_email="vera@example.org", status=Status.APPROVED)
        CommentFactory(author_email="vera@example.org", status=Status.SPAM)
        CommentFactory(
            article=essay,
            parent=parent,
            author_name="Vera",
            author_email="vera@example.org",
            status=Status.PENDING,
            reason_code=Comment.Reason.LINKS,
            reason="Has 3 links; more than 2 are held.",
            ip_address="203.0.113.9",
        )
        html = mod_client.get("/moderation/").content.decode()
        assert "Chungking Express at night" in html
        assert "The jukebox song never stops." in html
        assert "Has 3 links; more than 2 are held." in html
        assert "203.0.113.9" in html
        assert "1 approved, 1 spam, 3 in all" in html

    def test_pending_comes_first_and_filters_narrow_the_list(self, mod_client):
        essay, other = ArticleFactory(), ArticleFactory()
        CommentFactory(article=essay, body="Old approved", status=Status.APPROVED)
        CommentFactory(article=essay, body="Waiting here", status=Status.PENDING)
        CommentFactory(article=other, body="Waiting there", status=Status.PENDING)
        CommentFactory(article=essay, body="Junk", status=Status.SPAM)

        queue = mod_client.get("/moderation/").content.decode()
        assert "Waiting here" in queue and "Waiting there" in queue and "Old approved" not in queue

        everything = mod_client.get("/moderation/?status=all").content.decode()
        assert everything.index("Waiting") < everything.index("Old approved")

        spam = mod_client.get("/moderation/?status=spam").content.decode()
        assert "Junk" in spam and "Waiting" not in spam

        one_essay = mod_client.get(f"/moderation/?article={essay.pk}").content.decode()
        assert "Waiting here" in one_essay and "Waiting there" not in one_essay

    def test_the_queue_needs_the_same_queries_for_5_or_40_comments(
        self, mod_client, django_assert_num_queries
    ):
        def fill(article, size):
            parent = CommentFactory(article=article, status=Status.APPROVED)
            for n in range(size):
                CommentFactory(
                    article=article,
                    parent=parent if n % 2 else None,
                    user=UserFactory() if n % 3 == 0 else None,
                    status=Status.PENDING,
                    reason_code=Comment.Reason.FIRST_COMMENT,
                    reason="First comment from this commenter.",
                )

        small, large = ArticleFactory(), ArticleFactory()
        fill(small, 5)
        fill(large, 40)
        url = "/moderation/?article={}"
        mod_client.get(url.format(small.pk))  # a first visit may create the session
        with CaptureQueriesContext(connection) as queries:
            mod_client.get(url.format(small.pk))
        with django_assert_num_queries(len(queries)):
            response = mod_client.get(url.format(large.pk))
        assert response.content.decode().count('class="moderation-item ') == 40

    def test_odd_filters_fall_back_to_the_queue(self, mod_client):
        assert mod_client.get("/moderation/?status=nope&article=x&page=zz").status_code == 200


class TestActions:
    def test_approve_records_who_when_and_from_what_and_announces_it(
        self, mod_client, moderator, django_capture_on_commit_callbacks
    ):
        comment = CommentFactory(status=Status.PENDING, reason="First comment from this commenter.")
        approved = []
        comment_approved.connect(receiver := lambda sender, comment, **kw: approved.append(comment))
        try:
            with django_capture_on_commit_callbacks(execute=True):
                response = act(mod_client, "approve", comment)
        finally:
            comment_approved.disconnect(receiver)
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        assert (comment.approved_by, comment.reason_code) == (moderator, Comment.Reason.MODERATOR)
        record = ModerationAction.objects.get()
        assert (record.moderator, record.action, record.from_status, record.to_status) == (
            moderator,
            Action.APPROVE,
            Status.PENDING,
            Status.APPROVED,
        )
        assert record.note == "First comment from this commenter."
        assert approved == [comment]

    @pytest.mark.parametrize(
        ("action", "status"), [("spam", Status.SPAM), ("remove", Status.REMOVED)]
    )
    def test_spam_and_remove(self, mod_client, action, status):
        comment = CommentFactory(status=Status.PENDING)
        act(mod_client, action, comment)
        comment.refresh_from_db()
        assert comment.status == status
        assert ModerationAction.objects.get().to_status == status

    def test_bulk_selection_acts_on_every_selected_comment(self, mod_client):
        chosen = CommentFactory.create_batch(3, status=Status.PENDING)
        left = CommentFactory(status=Status.PENDING)
        act(mod_client, "spam", *chosen, bulk="1")
        assert Comment.objects.filter(status=Status.SPAM).count() == 3
        left.refresh_from_db()
        assert left.status == Status.PENDING
        assert ModerationAction.objects.count() == 3

    def test_a_button_on_one_comment_acts_on_that_one_only(self, mod_client):
        one, ticked = CommentFactory.create_batch(2, status=Status.PENDING)
        mod_client.post(
            "/moderation/act/",
            {"single": f"remove:{one.pk}", "action": "approve", "comments": [ticked.pk]},
        )
        one.refresh_from_db()
        ticked.refresh_from_db()
        assert (one.status, ticked.status) == (Status.REMOVED, Status.PENDING)

    def test_approve_and_reply_opens_the_reply_form(self, mod_client):
        comment = CommentFactory(status=Status.PENDING)
        response = act(mod_client, "approve_reply", comment)
        assert response["Location"] == (
            f"{comment.article.get_absolute_url()}?replyto={comment.pk}#comment-form"
        )
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED

    def test_trust_approves_and_lets_the_next_comment_through(self, mod_client, moderator):
        comment = CommentFactory(author_email="kay@example.org", status=Status.PENDING)
        act(mod_client, "trust", comment)
        rule = IdentityRule.objects.get()
        assert (rule.kind, rule.value, rule.created_by) == (
            IdentityRule.Kind.TRUST,
            "email:kay@example.org",
            moderator,
        )
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        assert ModerationAction.objects.get().action == Action.TRUST

    def test_ban_sends_the_commenters_waiting_comments_to_spam(self, mod_client):
        comment, other = CommentFactory.create_batch(
            2, author_email="spam@example.org", status=Status.PENDING
        )
        bystander = CommentFactory(status=Status.PENDING)
        act(mod_client, "ban", comment)
        assert IdentityRule.objects.bans().get().value == "email:spam@example.org"
        assert set(Comment.objects.filter(status=Status.SPAM)) == {comment, other}
        bystander.refresh_from_db()
        assert bystander.status == Status.PENDING
        assert ModerationAction.objects.filter(action=Action.BAN).count() == 2

    def test_nothing_selected_is_reported(self, mod_client):
        response = mod_client.post("/moderation/act/", {"action": "approve"}, follow=True)
        assert "Select at least one comment." in response.content.decode()

    def test_the_return_address_must_be_on_this_site(self, mod_client):
        comment = CommentFactory(status=Status.PENDING)
        response = act(mod_client, "approve", comment, next="https://evil.example/")
        assert response["Location"] == "/moderation/"
        response = act(mod_client, "spam", comment, next="/moderation/?status=spam")
        assert response["Location"] == "/moderation/?status=spam"


class TestRulesPage:
    def test_moderators_edit_word_lists_and_limits(self, mod_client):
        response = mod_client.post(
            "/moderation/rules/",
            {
                "save_settings": "1",
                "settings-block_words": "snake oil\nmiracle cure",
                "settings-hold_words": "",
                "settings-max_links": "1",
                "settings-close_after_days": "",
            },
        )
        assert response.status_code == 302
        moderation = ModerationSettings.load()
        assert moderation.block_list == ["snake oil", "miracle cure"]
        assert moderation.link_limit == 1

    def test_moderators_add_and_delete_bans_and_trusts(self, mod_client, moderator):
        mod_client.post(
            "/moderation/rules/",
            {"add_rule": "1", "rule-kind": "ban", "rule-value": "203.0.113.0/24", "rule-note": "x"},
        )
        rule = IdentityRule.objects.get()
        assert (rule.value, rule.created_by) == ("ip:203.0.113.0/24", moderator)
        assert "ip:203.0.113.0/24" in mod_client.get("/moderation/rules/").content.decode()
        mod_client.post(f"/moderation/rules/{rule.pk}/delete/")
        assert not IdentityRule.objects.exists()

    def test_a_value_that_names_no_one_is_refused(self, mod_client):
        response = mod_client.post(
            "/moderation/rules/", {"add_rule": "1", "rule-kind": "ban", "rule-value": "somebody"}
        )
        assert response.status_code == 400
        assert not IdentityRule.objects.exists()


class TestAdmin:
    @pytest.fixture
    def admin_client(self, client):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        return client

    def test_the_comment_list_offers_the_moderation_actions(self, admin_client):
        comment = CommentFactory(status=Status.PENDING)
        response = admin_client.post(
            "/admin/comments/comment/",
            {"action": "moderate_approve", "_selected_action": [comment.pk]},
        )
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        assert ModerationAction.objects.get().action == Action.APPROVE

    def test_approve_and_reply_in_the_admin_opens_the_reply_form(self, admin_client):
        comment, other = CommentFactory.create_batch(2, status=Status.PENDING)
        both = {"action": "approve_and_reply", "_selected_action": [comment.pk, other.pk]}
        admin_client.post("/admin/comments/comment/", both)
        assert not Comment.objects.filter(status=Status.APPROVED).exists()
        response = admin_client.post(
            "/admin/comments/comment/",
            {"action": "approve_and_reply", "_selected_action": [comment.pk]},
        )
        assert response["Location"] == (
            f"{comment.article.get_absolute_url()}?replyto={comment.pk}#comment-form"
        )
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED

    def test_the_action_log_is_listed_and_read_only(self, admin_client):
        comment = CommentFactory(status=Status.PENDING)
        comment.moderate(Action.SPAM, moderator=UserFactory())
        response = admin_client.get("/admin/comments/moderationaction/")
        assert response.status_code == 200
        assert "Marked as spam" in response.content.decode()
        assert admin_client.get("/admin/comments/moderationaction/add/").status_code == 403

    def test_the_essay_list_counts_approved_and_waiting_comments(self, admin_client):
        essay = ArticleFactory(title="Counted essay")
        CommentFactory.create_batch(3, article=essay)
        CommentFactory.create_batch(2, article=essay, status=Status.PENDING)
        CommentFactory(article=essay, status=Status.SPAM)
        response = admin_client.get("/admin/reviews/article/")
        row = next(
            row for row in response.context["cl"].result_list if row.title == "Counted essay"
        )
        assert (row.comment_count, row.pending_count) == (3, 2)
        assert "column-pending_comments" in response.content.decode()

    def test_moderators_with_staff_access_use_the_admin_list(self, client):
        client.force_login(UserFactory(is_staff=True, groups=["Moderators"]))
        assert client.get("/admin/comments/comment/").status_code == 200


class TestHeaderBadge:
    def test_moderators_see_the_number_waiting(self, mod_client):
        CommentFactory.create_batch(2, status=Status.PENDING)
        article = ArticleFactory()
        html = mod_client.get(article.get_absolute_url()).content.decode()
        assert 'href="/moderation/">Moderation' in html
        assert '2<span class="visually-hidden"> waiting</span>' in html

    def test_readers_see_no_link(self, client):
        CommentFactory(status=Status.PENDING)
        client.force_login(UserFactory())
        html = client.get(ArticleFactory().get_absolute_url()).content.decode()
        assert "/moderation/" not in html


class TestPurgingIPs:
    def test_old_ip_addresses_and_browsers_are_forgotten(self, settings):
        settings.COMMENTS_IP_RETENTION_DAYS = 30
        old = CommentFactory(
            ip_address="203.0.113.1",
            user_agent="Mozilla/5.0",
            submitted_at=timezone.now() - timedelta(days=31),
        )
        recent = CommentFactory(ip_address="203.0.113.2", user_agent="Mozilla/5.0")
        out = StringIO()
        call_command("purge_comment_ips", stdout=out)
        old.refresh_from_db()
        recent.refresh_from_db()
        assert (old.ip_address, old.user_agent) == (None, "")
        assert recent.ip_address == "203.0.113.2"
        assert "1 comment" in out.getvalue()
