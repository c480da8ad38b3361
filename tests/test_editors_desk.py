"""The admin's front page is a desk, and editors hear by email when an essay is submitted."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from comments.models import Comment
from reviews.models import Article, ArticleRevision
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(
        username="desk-editor",
        display_name="Mara Lindqvist",
        email="mara@example.org",
        is_staff=True,
        groups=["Editors", "Moderators"],
    )


@pytest.fixture
def contributor(db):
    return UserFactory(
        username="desk-contributor",
        display_name="Idris Okafor",
        email="idris@example.org",
        is_staff=True,
        groups=["Contributors"],
    )


def section(content, heading_id):
    """The HTML of the desk's section headed by ``heading_id``."""
    start = content.index(f'aria-labelledby="{heading_id}"')
    return content[start : content.index("</section>", start)]


class TestDesk:
    def test_shows_submissions_schedules_my_drafts_and_the_queue(self, client, editor, contributor):
        submitted = ArticleFactory(
            title="Waiting for an editor", status="draft", publish_at=None, authors=[contributor]
        )
        submitted.submit_for_review(by=contributor)
        ArticleFactory(
            title="Coming on Friday",
            status="scheduled",
            publish_at=timezone.now() + timedelta(days=3),
        )
        ArticleFactory(title="My half-written piece", status="draft", authors=[editor])
        ArticleFactory(title="Someone else's draft", status="draft", authors=[contributor])
        Comment.objects.create(
            article=submitted, author_name="A reader", body="Held.", status=Comment.Status.PENDING
        )
        client.force_login(editor)

        content = client.get("/admin/").content.decode()

        assert "Waiting for an editor" in content and "by Idris Okafor" in content
        assert "Coming on Friday" in content
        drafts = section(content, "desk-drafts")
        assert "My half-written piece" in drafts
        assert "Someone else&#x27;s draft" not in drafts
        assert '<span class="desk__count">1</span>' in content
        assert "Idris Okafor saved it" in content

    def test_greets_the_user_by_display_name(self, client, editor):
        client.force_login(editor)

        assert "Welcome, <strong>Mara Lindqvist</strong>." in client.get("/admin/").content.decode()

    def test_a_contributor_sees_only_their_own_essays_and_no_queue(
        self, client, editor, contributor
    ):
        ArticleFactory(title="An editor's submission", status="review", authors=[editor])
        ArticleFactory(title="My submission", status="review", authors=[contributor])
        client.force_login(contributor)

        content = client.get("/admin/").content.decode()

        assert "My submission" in content
        assert "An editor&#x27;s submission" not in content
        assert 'id="desk-moderation"' not in content

    def test_the_desk_costs_the_same_queries_however_much_waits(
        self, client, editor, contributor, django_assert_max_num_queries
    ):
        client.force_login(editor)
        essay = ArticleFactory(status="review", publish_at=None, authors=[contributor])
        ArticleRevision.record(essay, user=contributor)
        ArticleFactory(status="scheduled", publish_at=timezone.now() + timedelta(days=1))
        ArticleFactory(status="draft", authors=[editor])
        client.get("/admin/")
        with django_assert_max_num_queries(40) as few:
            client.get("/admin/")
        for _ in range(5):
            essay = ArticleFactory(status="review", publish_at=None, authors=[contributor])
            ArticleRevision.record(essay, user=contributor)
            ArticleFactory(status="draft", authors=[editor])
            ArticleFactory(status="scheduled", publish_at=timezone.now() + timedelta(days=2))
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get("/admin/")


class TestSubmissionEmail:
    def test_editors_are_emailed_when_a_contributor_submits(
        self, client, editor, contributor, django_capture_on_commit_callbacks
    ):
        essay = ArticleFactory(title="Reichardt's cows", status="draft", authors=[contributor])
        client.force_login(contributor)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/admin/reviews/article/",
                {"action": "submit_for_review", "_selected_action": [essay.pk]},
            )

        essay.refresh_from_db()
        assert essay.status == Article.Status.REVIEW
        assert [message.to for message in mail.outbox] == [["mara@example.org"]]
        message = mail.outbox[0]
        assert "Reichardt’s cows" in message.subject or "Reichardt's cows" in message.subject
        assert "Idris Okafor submitted" in message.body
        assert f"/admin/reviews/article/{essay.pk}/change/" in message.body

    def test_nothing_is_sent_when_the_essay_went_back_to_draft_before_the_task_ran(
        self, editor, contributor
    ):
        from reviews.tasks import notify_editors_of_submission

        essay = ArticleFactory(status="draft", authors=[contributor])

        assert notify_editors_of_submission.call(essay.pk, contributor.pk) == 0
        assert mail.outbox == []
