"""A backup restores into an empty database and media folder with the same content."""

from io import StringIO

import pytest
from django.core.management import call_command

from comments.models import Comment
from reviews.models import Article, Tag
from tests.factories import ArticleFactory, CommentFactory, TagFactory

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    return {
        "essays": sorted(Article.objects.values_list("slug", "title", "body_html", "status")),
        "tags": sorted(Article.objects.values_list("slug", "tags__slug")),
        "comments": sorted(Comment.objects.values_list("body", "status", "article__slug")),
    }


def test_a_backup_restores_into_an_empty_database(tmp_path, media_root):
    essay = ArticleFactory(tags=[TagFactory(name="Long takes")])
    CommentFactory(article=essay, body="Restored intact.")
    (media_root / "essays").mkdir()
    (media_root / "essays" / "still.txt").write_text("a still")
    before = snapshot()

    call_command("backup_site", tmp_path / "backup", stdout=StringIO())
    call_command("flush", "--noinput", verbosity=0)
    (media_root / "essays" / "still.txt").unlink()
    assert not Article.objects.exists() and not Tag.objects.exists()

    call_command("restore_site", tmp_path / "backup", stdout=StringIO())
    assert snapshot() == before
    assert (media_root / "essays" / "still.txt").read_text() == "a still"
