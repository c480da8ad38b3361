"""The essay workflow lives on the model: every caller moves an essay through these methods."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.models import Article
from reviews.signals import essay_submitted
from tests.admin_forms import form_data, save_in_admin
from tests.factories import ArticleFactory, UserFactory
from tests.imagefiles import image_bytes, upload

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def editor():
    return UserFactory(username="workflow-editor", is_staff=True, groups=["Editors"])


@pytest.fixture
def contributor():
    return UserFactory(username="workflow-contributor", is_staff=True, groups=["Contributors"])


@pytest.fixture
def draft(contributor):
    return ArticleFactory(status=Status.DRAFT, publish_at=None, authors=[contributor])


def latest_revision(article):
    return article.revisions.order_by("-saved_at", "-pk").first()


class TestPublishing:
    def test_publishing_now_makes_the_essay_public_and_keeps_a_revision(self, draft, editor):
        draft.publish(by=editor)

        draft.refresh_from_db()
        assert draft.status == Status.PUBLISHED and draft.is_public
        assert abs(draft.publish_at - timezone.now()) < timedelta(seconds=5)
        revision = latest_revision(draft)
        assert revision.saved_by == editor
        assert revision.snapshot["status"] == Status.PUBLISHED

    def test_a_future_time_schedules_the_essay(self, draft, editor):
        friday = timezone.now() + timedelta(days=3)
        draft.publish(by=editor, at=friday)

        draft.refresh_from_db()
        assert (draft.status, draft.publish_at) == (Status.SCHEDULED, friday)
        assert not draft.is_public
        assert not Article.objects.published().filter(pk=draft.pk).exists()

    def test_a_past_time_back_dates_the_essay(self, draft):
        first_published = timezone.now() - timedelta(days=400)
        draft.publish(by=None, at=first_published)

        draft.refresh_from_db()
        assert (draft.status, draft.publish_at) == (Status.PUBLISHED, first_published)

    def test_a_schedule_in_the_past_is_refused(self, draft, editor):
        with pytest.raises(ValidationError) as refusal:
            draft.schedule(by=editor, at=timezone.now() - timedelta(hours=2))
        assert "publish_at" in refusal.value.error_dict
        draft.refresh_from_db()
        assert draft.status == Status.DRAFT

    def test_a_hero_image_without_alt_text_is_not_published(self, media_root, editor):
        draft = ArticleFactory(
            status=Status.DRAFT,
            publish_at=None,
            hero_image=upload(image_bytes(800, 450)),
            hero_alt="A woman at a window.",
        )
        draft.hero_alt = ""

        with pytest.raises(ValidationError) as refusal:
            draft.publish(by=editor)
        assert "hero_alt" in refusal.value.error_dict
        assert Article.objects.get(pk=draft.pk).status == Status.DRAFT

    def test_a_pull_quote_not_in_the_body_is_not_published(self, draft, editor):
        draft.pull_quote = "Words the essay never says."
        with pytest.raises(ValidationError) as refusal:
            draft.publish(by=editor)
        assert "pull_quote" in refusal.value.error_dict

    def test_contributors_may_not_publish_or_schedule(self, draft, contributor):
        with pytest.raises(PermissionDenied):
            draft.publish(by=contributor)
        with pytest.raises(PermissionDenied):
            draft.schedule(by=contributor, at=timezone.now() + timedelta(days=1))
        assert Article.objects.get(pk=draft.pk).status == Status.DRAFT

    def test_an_editor_takes_an_essay_back_to_draft(self, editor):
        essay = ArticleFactory()
        essay.return_to_draft(by=editor)
        assert Article.objects.get(pk=essay.pk).status == Status.DRAFT
        assert latest_revision(essay).snapshot["status"] == Status.DRAFT


class TestSubmittingForReview:
    def test_an_author_submits_a_draft_and_editors_are_told(self, draft, contributor):
        heard = []

        def listener(sender, article, by, **kwargs):
            heard.append((article.pk, by))

        essay_submitted.connect(listener)
        try:
            draft.submit_for_review(by=contributor)
        finally:
            essay_submitted.disconnect(listener)

        assert Article.objects.get(pk=draft.pk).status == Status.REVIEW
        assert heard == [(draft.pk, contributor)]
        assert latest_revision(draft).saved_by == contributor

    def test_someone_else_s_draft_cannot_be_submitted(self, draft):
        stranger = UserFactory(is_staff=True, groups=["Contributors"])
        with pytest.raises(PermissionDenied):
            draft.submit_for_review(by=stranger)

    def test_only_a_draft_can_be_submitted(self, editor):
        with pytest.raises(ValidationError):
            ArticleFactory().submit_for_review(by=editor)


class TestEverySaveKeepsARevision:
    def test_a_change_made_outside_the_admin_is_kept(self):
        essay = ArticleFactory(body="The first cut.")
        essay.body = "The director's cut."
        essay.save()

        assert latest_revision(essay).snapshot["body"] == "The director's cut."
        assert essay.revisions.count() == 2

    def test_a_save_that_changes_only_the_counter_keeps_nothing(self):
        essay = ArticleFactory()
        before = essay.revisions.count()
        essay.comment_count = 12
        essay.save(update_fields=["comment_count"])
        assert essay.revisions.count() == before

    def test_a_stale_copy_does_not_overwrite_the_comment_count(self):
        essay = ArticleFactory()
        stale = Article.objects.get(pk=essay.pk)
        Article.objects.filter(pk=essay.pk).update(comment_count=7)

        stale.title = "A new title"
        stale.save()

        assert Article.objects.get(pk=essay.pk).comment_count == 7

    def test_a_stale_copy_does_not_bring_revoked_preview_links_back(self):
        essay = ArticleFactory(status=Status.DRAFT, publish_at=None)
        stale = Article.objects.get(pk=essay.pk)
        essay.revoke_preview_links()

        stale.title = "A new title"
        stale.save()

        assert Article.objects.get(pk=essay.pk).preview_version == 1


class TestTheAdminUsesTheWorkflow:
    def test_the_publish_button_runs_article_publish(self, client, editor, draft, monkeypatch):
        calls = []
        publish = Article.publish

        def spy(self, *, by, at=None):
            calls.append((self.pk, by))
            return publish(self, by=by, at=at)

        monkeypatch.setattr(Article, "publish", spy)
        client.force_login(editor)
        save_in_admin(client, draft, status=Status.PUBLISHED)

        assert calls == [(draft.pk, editor)]
        assert Article.objects.get(pk=draft.pk).is_public

    def test_the_bulk_action_runs_article_publish(self, client, editor, draft, monkeypatch):
        calls = []
        publish = Article.publish
        monkeypatch.setattr(
            Article,
            "publish",
            lambda self, *, by, at=None: calls.append(self.pk) or publish(self, by=by, at=at),
        )
        client.force_login(editor)
        client.post(
            "/admin/reviews/article/",
            {"action": "publish_now", "_selected_action": [draft.pk]},
        )
        assert calls == [draft.pk]

    def test_submitting_in_the_admin_runs_submit_for_review(
        self, client, contributor, draft, monkeypatch
    ):
        calls = []
        submit = Article.submit_for_review
        monkeypatch.setattr(
            Article,
            "submit_for_review",
            lambda self, *, by: calls.append((self.pk, by)) or submit(self, by=by),
        )
        client.force_login(contributor)
        save_in_admin(client, draft, status=Status.REVIEW)

        assert calls == [(draft.pk, contributor)]
        assert Article.objects.get(pk=draft.pk).status == Status.REVIEW

    def test_one_admin_save_keeps_one_revision_with_the_new_relations(self, client, editor, draft):
        before = draft.revisions.count()
        client.force_login(editor)
        save_in_admin(client, draft, status=Status.PUBLISHED, authors=[editor.pk])

        assert draft.revisions.count() == before + 1
        snapshot = latest_revision(draft).snapshot
        assert (snapshot["status"], snapshot["authors"]) == (Status.PUBLISHED, [editor.pk])


class TestRevisionsPage:
    def test_an_essay_without_revisions_shows_no_earlier_versions(self, client, editor):
        essay = ArticleFactory()
        essay.revisions.all().delete()
        client.force_login(editor)

        response = client.get(f"/admin/reviews/article/{essay.pk}/revisions/")

        assert response.status_code == 200
        assert "No earlier versions" in response.content.decode()


class TestRestoringAsAContributor:
    def test_a_restore_leaves_what_the_contributor_may_not_edit(self, contributor, editor):
        essay = ArticleFactory(
            status=Status.DRAFT, publish_at=None, authors=[contributor], body="Old text."
        )
        old = latest_revision(essay)
        essay.body = "New text."
        essay.save(by=contributor)
        essay.authors.add(editor)
        essay.record_revision(by=editor)

        old.restore(by=contributor)

        essay.refresh_from_db()
        assert essay.body == "Old text."
        assert set(essay.authors.all()) == {contributor, editor}


class TestWhatOnlyEditorsChange:
    def test_a_contributor_cannot_choose_the_front_page_lead(self, draft, contributor):
        assert "featured" in draft.fields_locked_for(contributor)

    def test_an_editor_may(self, draft, editor):
        assert not draft.fields_locked_for(editor)

    def test_a_form_opened_before_scheduling_does_not_lose_the_time(self, client, editor, draft):
        draft.submit_for_review(by=draft.authors.get())
        # Editor B opens the form while the essay waits for review …
        stale_form = form_data(Article.objects.get(pk=draft.pk))
        # … editor A schedules it …
        friday = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
        draft.schedule(by=editor, at=friday)
        # … then B saves the form they opened.
        client.force_login(UserFactory(is_staff=True, groups=["Editors"]))
        client.post(f"/admin/reviews/article/{draft.pk}/change/", stale_form)

        draft.refresh_from_db()
        assert (draft.status, draft.publish_at) == (Status.SCHEDULED, friday)
