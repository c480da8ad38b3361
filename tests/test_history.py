import pytest

from reviews.models import Article, ArticleRevision
from reviews.models.history import body_diff
from tests.admin_forms import save_in_admin
from tests.factories import ArticleFactory, TagFactory, UserFactory
from tests.html import assertInHTML

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(username="history-editor", is_staff=True, groups=["Editors"])


class TestEverySaveIsKept:
    def test_each_save_in_the_admin_adds_a_revision_by_its_author(self, client, editor):
        article = ArticleFactory(body="First words.")
        client.force_login(editor)

        save_in_admin(client, article, body="Second words.")
        save_in_admin(client, article, body="Third words.")

        revisions = list(article.revisions.order_by("saved_at", "pk"))
        bodies = ["First words.", "Second words.", "Third words."]
        assert [r.snapshot["body"] for r in revisions] == bodies
        assert [r.saved_by for r in revisions] == [None, editor, editor]

    def test_a_save_that_changed_nothing_adds_nothing(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        save_in_admin(client, article)
        save_in_admin(client, article)
        assert article.revisions.count() == 1

    def test_the_snapshot_holds_relations_as_ids(self, client, editor):
        tag = TagFactory()
        article = ArticleFactory(tags=[tag])
        client.force_login(editor)
        save_in_admin(client, article)
        snapshot = article.revisions.get().snapshot
        assert snapshot["tags"] == [tag.pk]
        assert snapshot["authors"] == [a.pk for a in article.authors.all()]


class TestWhatChanged:
    def test_the_revisions_page_names_the_fields_each_save_changed(self, client, editor):
        article = ArticleFactory(body="First words.")
        client.force_login(editor)
        save_in_admin(client, article)
        save_in_admin(client, article, body="Other words.", dek="A sharper dek.")

        content = client.get(f"/admin/reviews/article/{article.pk}/revisions/").content.decode()
        assert "First version" in content
        assert "Dek, Body" in content

    def test_a_revision_shows_a_word_level_diff_of_the_body(self, client, editor):
        article = ArticleFactory(body="The camera waits.\n\nThe song begins.")
        client.force_login(editor)
        save_in_admin(client, article)
        save_in_admin(client, article, body="The camera never waits.\n\nThe song begins.")
        latest = article.revisions.order_by("-saved_at", "-pk").first()

        content = client.get(
            f"/admin/reviews/article/{article.pk}/revisions/{latest.pk}/"
        ).content.decode()
        assertInHTML("<ins>never</ins>", content)
        assert "What this save changed" in content

    def test_preceding_is_the_same_essay_s_version_saved_just_before(self, editor):
        article, other = ArticleFactory(), ArticleFactory()
        ArticleRevision.objects.all().delete()  # the versions the factory kept
        first = ArticleRevision.objects.create(article=article, snapshot={"body": "one"})
        ArticleRevision.objects.create(article=other, snapshot={"body": "elsewhere"})
        # Saved in the same instant: the order of saving still decides.
        second = ArticleRevision.objects.create(
            article=article, snapshot={"body": "two"}, saved_at=first.saved_at
        )

        assert second.preceding() == first
        assert first.preceding() is None

    def test_body_diff_marks_removed_added_and_unchanged_lines(self):
        lines = body_diff("one\ntwo\nthree\nfour\nfive", "one\ntwo\nTHREE\nfour\nfive\nsix")
        kinds = [kind for kind, _ in lines]
        # "one" is more than a line away from any change, so it is folded into a gap.
        assert kinds == ["gap", "same", "changed", "same", "same", "added"]
        assert ("changed", [("removed", "three"), ("added", "THREE")]) in lines


class TestRestore:
    def test_restoring_brings_back_the_writing_and_keeps_a_new_revision(self, client, editor):
        article = ArticleFactory(title="Original title", body="Original body.")
        client.force_login(editor)
        save_in_admin(client, article)
        first = article.revisions.get()
        save_in_admin(client, article, title="Hasty title", body="Hasty body.")

        response = client.post(f"/admin/reviews/article/{article.pk}/revisions/{first.pk}/")

        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.title, article.body) == ("Original title", "Original body.")
        assert "Original body." in article.body_html
        assert article.status == Article.Status.PUBLISHED
        newest = article.revisions.order_by("-saved_at", "-pk").first()
        assert newest.note.startswith("Restored the version saved")
        assert newest.saved_by == editor
        assert article.revisions.count() == 3

    def test_restoring_keeps_the_essay_s_publication_as_it_is(self, editor):
        article = ArticleFactory(status="draft", publish_at=None, body="Draft body.")
        old = ArticleRevision.record(article, user=editor)
        article.status = "published"
        article.body = "Final body."
        article.save()

        old.restore(by=editor)

        article.refresh_from_db()
        assert article.body == "Draft body."
        assert article.is_public

    def test_a_version_that_is_no_longer_valid_is_not_restored(self, client, editor):
        article = ArticleFactory(slug="first-slug")
        client.force_login(editor)
        save_in_admin(client, article)
        first = article.revisions.get()
        save_in_admin(client, article, slug="second-slug")
        ArticleFactory(slug="first-slug")  # someone else took the old slug since

        response = client.post(
            f"/admin/reviews/article/{article.pk}/revisions/{first.pk}/", follow=True
        )

        assert "Not restored" in response.content.decode()
        article.refresh_from_db()
        assert article.slug == "second-slug"

    def test_a_contributor_cannot_restore_a_published_essay(self, client):
        contributor = UserFactory(username="hist-contrib", is_staff=True, groups=["Contributors"])
        article = ArticleFactory(authors=[contributor], body="Published body.")
        revision = ArticleRevision.record(article, user=contributor)
        client.force_login(contributor)

        page = client.get(f"/admin/reviews/article/{article.pk}/revisions/{revision.pk}/")
        assert page.status_code == 200
        response = client.post(f"/admin/reviews/article/{article.pk}/revisions/{revision.pk}/")
        assert response.status_code == 403


class TestBatchedRevisions:
    def test_a_batch_keeps_each_essay_whole_once_it_ends(self, editor):
        tag = TagFactory()
        with ArticleRevision.batched():
            article = Article(title="Imported", slug="imported", body="Words.")
            article.publish(by=editor)
            article.tags.add(tag)  # set after the save, as an import does
            assert not ArticleRevision.objects.exists()
        revision = article.revisions.get()
        assert revision.snapshot["tags"] == [tag.pk]
        assert revision.snapshot["status"] == Article.Status.PUBLISHED
        assert revision.saved_by == editor

    def test_a_batch_adds_nothing_for_an_essay_that_did_not_change(self, editor):
        article = ArticleFactory()
        with ArticleRevision.batched() as batch:
            article.save(by=editor)
            article.save(by=editor)
            batch.flush()
            article.body = "New words."
            article.save(by=editor)
        assert [r.snapshot["body"] for r in article.revisions.order_by("saved_at", "pk")] == [
            ArticleFactory.body,
            "New words.",
        ]

    def test_a_failed_batch_writes_no_revision(self, editor):
        with pytest.raises(RuntimeError), ArticleRevision.batched():
            ArticleFactory(title="Half done").save(by=editor)
            raise RuntimeError
        assert not ArticleRevision.objects.filter(article__title="Half done").exists()
