from django.conf import settings
from django.db import migrations

ABOUT = """<p>The Long Take publishes long essays about films and the people who make them: one
film, one scene or one career at a time, written slowly and meant to be read the same way.</p>
<p>Every essay is linked to the films and people it discusses, so a reader can go from an essay
to a director's other films, and from a film to everything written about it. Essays are grouped
in series, tagged, and kept in an archive by date.</p>
<p>Comments are open under each essay and read by a moderator before they appear when they need
to be. New essays come by email, by RSS or by Atom; nothing else is sent.</p>
<p>Editors change this page in the site's administration, under <em>Flat pages</em>.</p>"""

COLOPHON = """<p>Essays are set in <strong>Source Serif 4</strong>, designed by Frank Grießhammer
for Adobe, a text face with the sturdiness of the transitional serifs of the eighteenth century
and sizes cut for reading. Headlines and the masthead are set in <strong>Fraunces</strong>, by
Undercase Type, a display serif with the softness of early twentieth-century advertising faces.
Both are released under the SIL Open Font License and served by this site itself: reading an
essay sends no request anywhere else.</p>
<p>The wordmark is a widescreen frame with one unbroken line running out of it: a long take.</p>
<p>The site is built with Django, Python and PostgreSQL, and served without trackers,
advertising or third-party scripts. It follows the reader's light or dark setting and prints
cleanly.</p>"""

PAGES = [("/about/", "About", ABOUT), ("/colophon/", "Colophon", COLOPHON)]


def create_pages(apps, schema_editor):
    """The About page and the colophon, written once here and edited in the admin afterwards:
    an address editors have already changed is left alone."""
    FlatPage = apps.get_model("flatpages", "FlatPage")
    Site = apps.get_model("sites", "Site")
    # The sites framework creates its record only after every migration has run.
    site, _ = Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "localhost", "name": "The Long Take"}
    )
    for url, title, content in PAGES:
        page, created = FlatPage.objects.get_or_create(
            url=url, defaults={"title": title, "content": content}
        )
        if created:
            page.sites.add(site)


def remove_pages(apps, schema_editor):
    apps.get_model("flatpages", "FlatPage").objects.filter(
        url__in=[url for url, _, _ in PAGES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0010_article_featured"),
        ("flatpages", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(create_pages, remove_pages)]
