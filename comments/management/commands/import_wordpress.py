"""``manage.py import_wordpress EXPORT.xml``: a whole WordPress site in one command.

Here, in the comments app, because it is the app that may use both the essays' importer and
its own: see :mod:`reviews.wordpress.importer` and :mod:`comments.wordpress`.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from comments.wordpress import import_comments
from reviews.wordpress.importer import OUTCOMES, Importer
from reviews.wordpress.media import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, MediaSource
from reviews.wordpress.reader import WXRError

PROBLEMS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR) file: authors, categories, tags, posts, pages, "
        "images and comments. All or nothing; run it again to bring over what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file from WordPress's Tools → Export.")
        parser.add_argument(
            "--categories",
            choices=["tags", "series"],
            default="tags",
            help="What WordPress categories become (default: tags). With 'series', an essay "
            "joins its first category's series and its other categories become tags.",
        )
        parser.add_argument("--skip-pages", action="store_true", help="Leave pages out.")
        parser.add_argument(
            "--media-dir",
            help="A copy of wp-content/uploads, or the unpacked media archive of WordPress.com.",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download images missing from --media-dir from their addresses on the old site.",
        )
        parser.add_argument(
            "--media-timeout", type=float, default=DEFAULT_TIMEOUT, help="Seconds per download."
        )
        parser.add_argument(
            "--media-max-mb",
            type=float,
            default=DEFAULT_MAX_BYTES / 1024 / 1024,
            help="Largest image file to take, in megabytes.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what the import would do, and change nothing.",
        )

    def handle(self, *args, export, verbosity=1, **options):
        if not os.path.isfile(export):
            raise CommandError(f"{export} does not exist or is not a file.")
        if options["media_dir"] and not os.path.isdir(options["media_dir"]):
            raise CommandError(f"The media folder {options['media_dir']} does not exist.")
        media = MediaSource(
            media_dir=options["media_dir"],
            fetch=options["fetch_media"],
            timeout=options["media_timeout"],
            max_bytes=int(options["media_max_mb"] * 1024 * 1024),
        )
        console = Console(file=self.stderr._out, stderr=True)
        progress = Progress(
            TextColumn("Importing"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            # Only for a person watching: not in logs, pipes, tests or with --verbosity 0.
            disable=verbosity == 0 or not console.is_terminal,
        )
        # The file is read twice: once for its attachments, then for everything.
        task = progress.add_task("import", total=2 * os.path.getsize(export))
        importer = Importer(
            categories=options["categories"],
            pages=not options["skip_pages"],
            media=media,
            dry_run=options["dry_run"],
            item_hooks=[import_comments],
            on_progress=lambda n: progress.advance(task, n),
        )
        try:
            with progress:
                summary = importer.run(export)
        except WXRError as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        except Exception as error:
            if options.get("traceback"):
                raise
            raise CommandError(
                f"The import stopped ({type(error).__name__}: {error}); nothing was imported."
            ) from None
        if verbosity:
            self._report(summary, dry_run=options["dry_run"])

    def _report(self, summary, *, dry_run):
        table = Table(title="Would be imported (dry run)" if dry_run else "Imported")
        table.add_column("")
        for outcome in OUTCOMES:
            table.add_column(outcome, justify="right")
        for kind, *numbers in summary.rows():
            table.add_row(kind, *(str(n) for n in numbers))
        Console(file=self.stdout._out, width=100).print(table)
        for problem in summary.problems[:PROBLEMS_SHOWN]:
            self.stdout.write(f"  {problem}")
        if len(summary.problems) > PROBLEMS_SHOWN:
            self.stdout.write(f"  … and {len(summary.problems) - PROBLEMS_SHOWN} more.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
