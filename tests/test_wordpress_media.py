"""Images and shortcodes of imported posts: files from a media folder or fetched from the old
site, placed where the post showed them; failures listed, never fatal."""

import http.server
import threading
from functools import partial

import pytest
from django.core.management import CommandError

from comments.models import Comment
from comments.wordpress import import_comments
from reviews.models import Article, ArticleImage
from reviews.wordpress.content import BodyConverter, autop, media_key
from tests.imagefiles import image_bytes
from tests.wordpress_files import attachment, export, files_under, post, run_import

pytestmark = pytest.mark.django_db

UPLOADS = "http://old.example.org/wp-content/uploads/2012/05"
BODY = f"""Opening words of the piece.

[caption id="attachment_11" align="aligncenter" width="300"]<img class="wp-image-11"
 src="{UPLOADS}/rain-300x150.jpg" alt="" /> Rain on the window.[/caption]

<img src="http://old.example.org/wp-content/uploads/2012/05/missing.jpg" alt="gone" />

https://www.youtube.com/watch?v=dQw4w9WgXcQ

[audio src="http://old.example.org/wp-content/uploads/2012/05/theme.mp3"]

Closing words."""


def write_site(tmp_path, *, body=BODY):
    uploads = tmp_path / "uploads/2012/05"
    uploads.mkdir(parents=True)
    (uploads / "rain.jpg").write_bytes(image_bytes(120, 60))
    path = tmp_path / "export.xml"
    path.write_text(
        export(
            post(10, body),
            attachment(11, 10, "http://old.example.org/wp-content/uploads/2012/05/rain.jpg"),
            attachment(12, 10, "http://old.example.org/wp-content/uploads/2012/05/missing.jpg"),
        )
    )
    return path


def test_images_from_the_media_folder_are_placed_where_the_post_showed_them(media_root, tmp_path):
    path = write_site(tmp_path)
    summary = run_import(path, "--media-dir", str(tmp_path / "uploads"))
    article = Article.objects.get()
    image = ArticleImage.objects.get()
    assert image.key == "wp-11" and image.caption == "Rain on the window."
    assert image.alt == "A still"
    assert 'id="figure-wp-11"' in article.body_html
    assert "articles/figures/rain" in article.body_html
    assert "<img" not in article.body_html.replace('<img src="/media/', "")
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in article.body_html
    assert "theme.mp3" in article.body_html and "Closing words." in article.body_html
    assert "missing.jpg" in summary  # listed, not fatal


def test_a_failed_import_leaves_the_media_folder_as_it_was(media_root, tmp_path, monkeypatch):
    path = write_site(tmp_path)
    before = files_under(media_root)

    def fail(importer, item, article):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("comments.wordpress.import_comments", fail)
    monkeypatch.setattr("comments.management.commands.import_wordpress.import_comments", fail)
    with pytest.raises(CommandError, match="the disk is full"):
        run_import(path, "--media-dir", str(tmp_path / "uploads"))
    assert files_under(media_root) == before
    assert not Article.objects.exists() and not ArticleImage.objects.exists()


def test_a_second_run_keeps_the_images_it_has(media_root, tmp_path):
    path = write_site(tmp_path)
    run_import(path, "--media-dir", str(tmp_path / "uploads"))
    stored = files_under(media_root)
    run_import(path, "--media-dir", str(tmp_path / "uploads"))
    assert ArticleImage.objects.count() == 1
    assert files_under(media_root) == stored


@pytest.fixture
def old_site(tmp_path):
    """The old site's uploads on a local web server."""
    root = tmp_path / "www/wp-content/uploads/2012/05"
    root.mkdir(parents=True)
    (root / "rain.jpg").write_bytes(image_bytes(120, 60))
    (root / "big.jpg").write_bytes(image_bytes(1600, 1200, colour=(10, 200, 90)) * 3)
    (root / "notes.jpg").write_text("not a picture at all")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "www"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/wp-content/uploads/2012/05/"
    server.shutdown()
    server.server_close()


def test_fetch_media_downloads_images_and_reports_what_failed(media_root, tmp_path, old_site):
    body = "".join(f'<img src="{old_site}{name}" />\n\n' for name in ("rain.jpg", "big.jpg"))
    path = tmp_path / "export.xml"
    path.write_text(
        export(
            post(10, body),
            attachment(11, 10, old_site + "rain.jpg"),
            attachment(12, 10, old_site + "big.jpg"),
            attachment(13, 10, old_site + "notes.jpg"),
            attachment(14, 10, old_site + "absent.jpg"),
        )
    )
    summary = run_import(path, "--fetch-media", "--media-max-mb", "0.05", "--media-timeout", "5")
    assert list(ArticleImage.objects.values_list("key", flat=True)) == ["wp-11"]
    assert "big.jpg is larger than the size limit" in summary
    assert "absent.jpg answered 404" in summary
    assert "Image 13" in summary  # served as an image, but not one
    assert 'id="figure-wp-11"' in Article.objects.get().body_html


def test_shortcodes_become_figures_and_players_or_go():
    converter = BodyConverter(images={"7": "wp-7", "8": "wp-8"}, urls={}, attached=["7", "8"])
    html = converter.convert(
        '[gallery ids="8,7,99"]\n\n[embed]https://vimeo.com/76979871[/embed]\n\n'
        "[youtube=http://www.youtube.com/watch?v=dQw4w9WgXcQ&w=320]\n\n"
        "[videopress abc123]\n\n[video]https://example.org/clip.mp4[/video]"
    )
    assert html.index("[[image:wp-8]]") < html.index("[[image:wp-7]]")
    assert "[[video:https://vimeo.com/76979871]]" in html
    assert "[[video:http://www.youtube.com/watch?v=dQw4w9WgXcQ&w=320]]" in html
    assert "videopress" not in html
    assert 'href="https://example.org/clip.mp4"' in html


def test_block_editor_footnotes_become_footnotes():
    body = (
        '<!-- wp:paragraph -->\n<p>A claim<sup data-fn="a1" class="fn">'
        '<a href="#a1" id="a1-link">1</a></sup>.</p>\n<!-- /wp:paragraph -->\n'
        "<!-- wp:footnotes /-->"
    )
    html = BodyConverter(images={}, urls={}).convert(
        body, footnotes='[{"id": "a1", "content": "The source."}]'
    )
    assert "<!--" not in html
    assert '<a class="footnote-ref" href="#fn:1">1</a>' in html
    assert '<li id="fn:1"><p>The source.' in html


def test_classic_posts_get_their_paragraphs():
    assert autop("One\nline.\n\nTwo.<blockquote>Quoted</blockquote>") == (
        "<p>One<br>\nline.</p>\n\n<p>Two.</p>\n\n<blockquote>Quoted</blockquote>"
    )
    assert media_key("https://x.files.wordpress.com/2008/06/a-300x200.jpg?w=300") == (
        "2008/06/a.jpg"
    )


def test_comment_html_becomes_comment_markdown(db, tmp_path, media_root):
    comments = """<wp:comment><wp:comment_id>5</wp:comment_id>
<wp:comment_author><![CDATA[Ruth]]></wp:comment_author>
<wp:comment_author_email>ruth@example.org</wp:comment_author_email>
<wp:comment_author_url>http://ruth.example.org</wp:comment_author_url>
<wp:comment_author_IP>203.0.113.9</wp:comment_author_IP>
<wp:comment_date_gmt>2012-05-03 08:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[I <em>loved</em> it.
See <a href="https://example.org">this</a>.<script>alert(1)</script>]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
<wp:comment_user_id>2</wp:comment_user_id></wp:comment>"""
    path = tmp_path / "export.xml"
    path.write_text(export(post(10, "Text.", comments=comments)))
    run_import(path)
    comment = Comment.objects.get()
    assert "<em>loved</em>" in comment.body_html
    assert 'href="https://example.org"' in comment.body_html
    assert "script" not in comment.body_html and "alert" not in comment.body_html
    assert comment.ip_address == "203.0.113.9" and comment.user.username == "ines"
    assert comment.author_website == "http://ruth.example.org"
    assert import_comments  # the hook the command plugs in
