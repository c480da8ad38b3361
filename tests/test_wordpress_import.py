"""Importing WordPress's theme test export: what comes over, how often, and what a broken file
leaves behind (nothing)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.management import CommandError
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, ImportedComment
from reviews.models import Article, ArticleRevision, LegacyAddress, Tag, WordPressLink
from tests.wordpress_files import THEME_TEST_DATA, export, files_under, post, run_import

pytestmark = pytest.mark.django_db

WP = "{https://wordpress.org/export/1.2/}"


def expected_from_xml():
    """Computed straight from the file, without the importer's reader."""
    channel = ET.parse(THEME_TEST_DATA).getroot().find("channel")
    published, approved, threads = 0, 0, {}
    for item in channel.findall("item"):
        post_type, status = item.findtext(WP + "post_type"), item.findtext(WP + "status")
        if post_type == "post" and status == "publish":
            published += 1
        if post_type not in ("post", "page") or status in ("trash", "auto-draft", "inherit"):
            continue
        for comment in item.findall(WP + "comment"):
            if comment.findtext(WP + "comment_type") in ("pingback", "trackback"):
                continue
            approved += comment.findtext(WP + "comment_approved") == "1"
            threads[comment.findtext(WP + "comment_id")] = (
                comment.findtext(WP + "comment_parent"),
                comment.findtext(WP + "comment_approved"),
            )
    return published, approved, threads


def assert_threads_and_statuses_as_exported():
    _, _, threads = expected_from_xml()
    imported_comments = ImportedComment.objects.select_related("comment")
    comments = {i.wordpress_id: i.comment for i in imported_comments}
    assert set(comments) == set(threads)
    statuses = {"1": Comment.Status.APPROVED, "0": Comment.Status.PENDING}
    for wordpress_id, (parent, approved) in threads.items():
        comment = comments[wordpress_id]
        assert comment.status == statuses[approved]
        expected_parent = comments[parent].pk if parent in comments else None
        assert comment.parent_id == expected_parent, wordpress_id
    assert any(c.parent_id for c in comments.values()), "the export has replies"


@pytest.fixture(scope="class")
def imported(django_db_setup, django_db_blocker, tmp_path_factory):
    """The theme test data imported once for the tests of a class that only read it (or undo
    what they change): each test runs in a savepoint of the transaction the import ran in, as
    Django's ``TestCase.setUpTestData`` does, and the whole import is rolled back after the
    class, so no other test sees it. Importing it once per test took a few seconds each."""
    media = tmp_path_factory.mktemp("wordpress-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        transaction.atomic(),
    ):
        yield run_import(THEME_TEST_DATA)
        transaction.set_rollback(True)


@pytest.mark.usefixtures("imported")
class TestTheImportedThemeData:
    def test_published_posts_and_approved_comments_match_the_export(self):
        published, approved, _ = expected_from_xml()
        assert Article.objects.published().count() == published
        assert Comment.objects.public().count() == approved
        # Stored in bulk, counted all the same for the essay lists.
        assert sum(Article.objects.values_list("comment_count", flat=True)) == approved

    def test_sticky_posts_lead_the_front_page(self):
        tree = ET.parse(THEME_TEST_DATA)
        sticky = {
            item.findtext(WP + "post_name")
            for item in tree.iter("item")
            if item.findtext(WP + "post_type") == "post" and item.findtext(WP + "is_sticky") == "1"
        }
        assert sticky
        assert set(Article.objects.filter(featured=True).values_list("slug", flat=True)) == sticky
        assert Article.objects.published().front_page_lead().slug in sticky

    def test_threads_and_statuses_are_kept(self):
        assert_threads_and_statuses_as_exported()

    def test_each_essay_counts_its_visible_comments_after_the_bulk_import(self):
        for article in Article.objects.all():
            assert article.comment_count == Comment.objects.public().filter(article=article).count()

    def test_each_imported_essay_keeps_one_revision_with_its_authors_and_tags(self):
        article = Article.objects.get(slug="markup-html-tags-and-formatting")
        assert article.tags.exists() and article.authors.exists()
        snapshot = article.revisions.get().snapshot
        assert snapshot["tags"] == sorted(article.tags.values_list("pk", flat=True))
        assert snapshot["authors"] == sorted(article.authors.values_list("pk", flat=True))
        assert snapshot["status"] == Article.Status.PUBLISHED

    def test_posts_keep_their_status_and_dates(self):
        draft = WordPressLink.objects.get(kind="post", wordpress_id="1164").article  # a draft
        assert draft.status == Article.Status.DRAFT and not draft.is_public
        scheduled = Article.objects.filter(status=Article.Status.SCHEDULED).get()
        assert scheduled.publish_at.year >= 2030
        pages = WordPressLink.objects.filter(kind="page")
        assert pages.count() == 21
        assert all(link.article.status == Article.Status.DRAFT for link in pages)

    def test_block_editor_comments_and_unsafe_markup_do_not_reach_the_page(self):
        for article in Article.objects.all():
            assert "<!-- wp:" not in article.body_html
            assert "<script" not in article.body_html
            assert "[gallery" not in article.body_html and "[caption" not in article.body_html

    def test_a_second_run_creates_nothing(self):
        models = (Article, ArticleRevision, Comment, Tag, LegacyAddress, WordPressLink)
        counts = [m.objects.count() for m in models]
        summary = run_import(THEME_TEST_DATA)
        assert [m.objects.count() for m in models] == counts
        for line in summary.splitlines():
            cells = [cell.strip() for cell in line.strip("│| ").split("│")]
            if len(cells) == 5 and cells[0] in ("essays", "comments", "tags", "authors"):
                assert cells[1] == "0" and cells[2] == "0", line

    def test_old_permalinks_and_post_ids_redirect_to_the_essay(self, client):
        article = Article.objects.get(slug="markup-html-tags-and-formatting")
        link = WordPressLink.objects.get(article=article)
        old = LegacyAddress.objects.filter(article=article).exclude(path__startswith="/?").get()
        response = client.get(old.path)
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
        response = client.get(f"/?p={link.wordpress_id}")
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
        assert client.get(old.path.rstrip("/")).status_code == 301

    def test_old_category_tag_and_feed_addresses_redirect(self, client):
        tag = LegacyAddress.objects.get(path="/tag/content-2/").tag
        assert client.get("/tag/content-2/")["Location"] == tag.get_absolute_url()
        assert client.get("/tag/content-2/feed/")["Location"] == f"/tags/{tag.slug}/feed/"
        category = LegacyAddress.objects.filter(path__startswith="/category/").first()
        assert client.get(category.path).status_code == 301
        assert client.get("/no/such/old/address/").status_code == 404

    def test_a_draft_keeps_its_old_address_unanswered(self, client):
        draft = WordPressLink.objects.get(kind="post", wordpress_id="1164").article
        assert client.get("/?p=1164").status_code == 200  # the home page, not the draft
        assert not draft.is_public

    def test_a_truncated_export_changes_nothing(self, tmp_path):
        # On top of the full import, as a rerun after an interrupted download would be.
        models = (Article, Comment, Tag, LegacyAddress)
        before = [m.objects.count() for m in models]
        media_before = files_under(settings.MEDIA_ROOT)
        data = THEME_TEST_DATA.read_bytes()
        cut = tmp_path / "cut.xml"
        cut.write_bytes(data[: len(data) * 2 // 3])
        Article.objects.update(title="Changed here")
        with pytest.raises(CommandError, match=r"not well-formed XML at line \d+") as error:
            run_import(cut)
        assert "\n" not in str(error.value)
        assert [m.objects.count() for m in models] == before
        assert set(Article.objects.values_list("title", flat=True)) == {"Changed here"}
        assert files_under(settings.MEDIA_ROOT) == media_before


def test_threads_and_counts_survive_storing_a_few_rows_at_a_time(media_root, monkeypatch):
    # Many batches, flushed between posts, instead of the one the theme data fills.
    monkeypatch.setattr("comments.wordpress.BATCH_SIZE", 2)
    monkeypatch.setattr("reviews.wordpress.importer.REVISION_BATCH", 2)
    run_import(THEME_TEST_DATA)
    assert_threads_and_statuses_as_exported()
    for article in Article.objects.all():
        assert article.comment_count == Comment.objects.public().filter(article=article).count()
        assert article.revisions.count() == 1


def test_a_file_that_is_not_a_wordpress_export_is_refused(db, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text("<?xml version='1.0'?><feed><entry/></feed>")
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(feed)
    text = tmp_path / "notes.xml"
    text.write_text("Dear diary,\n")
    with pytest.raises(CommandError, match="line 1"):
        run_import(text)
    assert not Article.objects.exists()


def test_a_dry_run_writes_nothing(media_root):
    summary = run_import(THEME_TEST_DATA, "--dry-run")
    assert "Dry run" in summary and "essays" in summary
    assert not Article.objects.exists() and not Comment.objects.exists()
    assert not WordPressLink.objects.exists()


def test_categories_can_become_series(media_root):
    run_import(THEME_TEST_DATA, "--categories", "series")
    article = Article.objects.get(slug="markup-html-tags-and-formatting")
    assert article.series is not None
    assert LegacyAddress.objects.filter(series__isnull=False).exists()


def tags_and_categories(n):
    return "".join(
        f"<wp:tag><wp:term_id>{100 + i}</wp:term_id><wp:tag_slug>tag-{i}</wp:tag_slug>"
        f"<wp:tag_name><![CDATA[Tag {i}]]></wp:tag_name></wp:tag>\n"
        f"<wp:category><wp:term_id>{200 + i}</wp:term_id><wp:category_nicename>genre-{i}"
        f"</wp:category_nicename><wp:category_parent>noir</wp:category_parent>"
        f"<wp:cat_name><![CDATA[Genre {i}]]></wp:cat_name></wp:category>\n"
        for i in range(n)
    )


def queries_to_import(path):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        run_import(path)
        transaction.set_rollback(True)
    return len(queries)


def test_terms_are_looked_up_and_written_together_however_many_there_are(media_root, tmp_path):
    few, many = tmp_path / "few.xml", tmp_path / "many.xml"
    few.write_text(export(tags_and_categories(2)))
    # Fewer rows than go in one INSERT (a hundred), so only the lookups could make a difference.
    many.write_text(export(tags_and_categories(15)))
    assert queries_to_import(many) == queries_to_import(few)
    run_import(many)
    assert Tag.objects.count() == 1 + 2 * 15
    assert LegacyAddress.objects.filter(path="/category/noir/genre-14/feed/").exists()
    assert LegacyAddress.objects.count() == 3 * (1 + 2 * 15)


def test_revisions_written_between_posts_record_each_essays_authors_and_tags(
    media_root, tmp_path, monkeypatch
):
    # The links of new essays are kept back too: they must be in before the revisions.
    monkeypatch.setattr("reviews.wordpress.importer.REVISION_BATCH", 1)
    path = tmp_path / "export.xml"
    path.write_text(export(*(post(n, f"Essay {n}.", slug=f"essay-{n}") for n in (10, 11, 12))))
    run_import(path)
    noir, ines = Tag.objects.get(slug="noir"), WordPressLink.objects.get(kind="author").user
    assert Article.objects.count() == 3
    for article in Article.objects.all():
        snapshot = article.revisions.get().snapshot
        assert snapshot["tags"] == [noir.pk] and snapshot["authors"] == [ines.pk]


def test_a_second_run_that_only_changes_a_posts_tags_keeps_a_revision(media_root, tmp_path):
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    first.write_text(export(post(10, "Essay ten.")))
    dread = '<category domain="post_tag" nicename="dread"><![CDATA[Dread]]></category>'
    second.write_text(export(post(10, "Essay ten.", extra=dread)))
    run_import(first)
    summary = run_import(second)
    essay = Article.objects.get()
    assert set(essay.tags.values_list("slug", flat=True)) == {"noir", "dread"}
    latest, earlier = essay.revisions.order_by("-saved_at", "-pk")
    assert set(latest.snapshot["tags"]) == set(essay.tags.values_list("pk", flat=True))
    assert earlier.snapshot["tags"] == [Tag.objects.get(slug="noir").pk]
    # The summary's essays row: 0 created, 1 updated.
    assert re.search(r"essays\s*│\s*0\s*│\s*1\s*│", summary), summary
