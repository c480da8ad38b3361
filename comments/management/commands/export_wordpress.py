"""``manage.py export_wordpress OUT.xml``: the site as a WordPress export (WXR 1.2)."""

from django.core.management.base import BaseCommand, CommandError

from comments.wordpress import write_comments
from reviews.wordpress.exporter import WXRWriter


class Command(BaseCommand):
    help = (
        "Write essays, comments, tags, series, authors and images as a WordPress export "
        "(WXR 1.2) that WordPress's importer accepts."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="The .xml file to write ('-' for standard output).")

    def handle(self, *args, output, verbosity=1, **options):
        if output == "-":
            WXRWriter(self.stdout._out, item_hooks=[write_comments]).write()
            return
        try:
            with open(output, "w", encoding="utf-8") as out:
                counts = WXRWriter(out, item_hooks=[write_comments]).write()
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}.") from None
        if verbosity:
            parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            self.stdout.write(f"Wrote {output}: {parts}.")
