"""Material for the WordPress import and export tests: WordPress's theme test export, small
exports written here, and running the commands."""

import io
from pathlib import Path

from django.core.management import call_command

THEME_TEST_DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared/fixtures/wordpress/themeunittestdata.wordpress.xml"
)
if not THEME_TEST_DATA.exists():  # a checkout with ../shared beside it
    THEME_TEST_DATA = Path("../shared/fixtures/wordpress/themeunittestdata.wordpress.xml").resolve()

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel>
<title>Night Screenings</title>
<link>http://old.example.org</link>
<wp:wxr_version>1.1</wp:wxr_version>
<wp:base_site_url>http://old.example.org</wp:base_site_url>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>ines</wp:author_login>
<wp:author_email>ines@example.org</wp:author_email>
<wp:author_display_name><![CDATA[Inès Varda-Moll]]></wp:author_display_name>
</wp:author>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>noir</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Noir]]></wp:cat_name></wp:category>
"""


def attachment(post_id, parent, url, *, alt="A still"):
    return f"""<item><title>still {post_id}</title><link>{url}</link>
<dc:creator>ines</dc:creator><content:encoded><![CDATA[]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>2012-05-01 10:00:00</wp:post_date_gmt>
<wp:post_name>still-{post_id}</wp:post_name><wp:status>inherit</wp:status>
<wp:post_parent>{parent}</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>{url}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
<wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta></item>
"""


def post(post_id, body, *, slug="the-long-night", status="publish", extra="", comments=""):
    return f"""<item><title>The Long Night {post_id}</title>
<link>http://old.example.org/2012/05/{slug}/</link>
<dc:creator>ines</dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>2012-05-02 12:00:00</wp:post_date>
<wp:post_date_gmt>2012-05-02 10:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent>
<wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="noir"><![CDATA[Noir]]></category>
{extra}{comments}</item>
"""


def export(*items):
    return HEAD + "".join(items) + "</channel>\n</rss>\n"


def run_import(path, *args):
    """Run ``import_wordpress``; its printed summary."""
    out = io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*"))
