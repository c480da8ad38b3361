"""``export_wordpress`` writes a WordPress export that brings the same essays, comments and
threads back when imported into an empty site."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from comments.models import Comment
from reviews.markup import plain_text
from reviews.models import Article, LegacyAddress, Series, Tag, WordPressLink
from tests.wordpress_files import THEME_TEST_DATA, run_import

pytestmark = pytest.mark.django_db

WP = "{http://wordpress.org/export/1.2/}"


def words(html):
    # Blank space between block elements (table cells, a quote and its citation) may differ.
    return "".join(plain_text(html).split())


def essays():
    return {
        a.slug: (a.title, a.status, a.publish_at, words(a.body_html), a.comments_open)
        for a in Article.objects.all()
    }


def threads():
    """Each comment as (essay, author, status, text, date) with the same for its parent."""

    def describe(comment):
        if comment is None:
            return None
        body = words(comment.body_html)
        return (comment.article.slug, comment.author_name, comment.status, body,
                comment.submitted_at)  # fmt: skip

    comments = Comment.objects.select_related("article", "parent__article")
    return sorted((describe(c), describe(c.parent)) for c in comments)


def empty_the_site():
    for model in (Comment, LegacyAddress, WordPressLink, Article, Tag, Series):
        model.objects.all().delete()
    get_user_model().objects.all().delete()


def test_the_export_is_a_wordpress_export(media_root, tmp_path):
    run_import(THEME_TEST_DATA)
    out = tmp_path / "site.xml"
    call_command("export_wordpress", str(out), stdout=io.StringIO())
    channel = ET.parse(out).getroot().find("channel")
    assert channel.findtext(WP + "wxr_version") == "1.2"
    posts = [i for i in channel.findall("item") if i.findtext(WP + "post_type") == "post"]
    assert len(posts) == Article.objects.count()
    exported_comments = [c for i in posts for c in i.findall(WP + "comment")]
    assert len(exported_comments) == Comment.objects.count()


def test_a_round_trip_brings_back_the_same_essays_comments_and_threads(media_root, tmp_path):
    run_import(THEME_TEST_DATA, "--categories", "series")
    before_essays, before_threads = essays(), threads()
    before_tags = set(Tag.objects.values_list("slug", flat=True))
    out = tmp_path / "site.xml"
    call_command("export_wordpress", str(out), stdout=io.StringIO())

    empty_the_site()
    run_import(out, "--categories", "series")

    assert essays() == before_essays
    assert threads() == before_threads
    assert set(Tag.objects.values_list("slug", flat=True)) == before_tags
    assert any(parent for _, parent in before_threads)
