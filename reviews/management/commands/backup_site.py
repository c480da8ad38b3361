"""``manage.py backup_site FOLDER``: the database as portable JSON plus the uploaded media.

The dump uses natural keys and leaves out what migrations rebuild (content types,
permissions) and what is not worth keeping (sessions), so it loads into an empty database of
either kind after ``migrate``. Restore with ``manage.py restore_site FOLDER``.
"""

import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

DATA_FILE = "database.json"
MEDIA_FILE = "media.tar.gz"
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class Command(BaseCommand):
    help = "Back up the database (as JSON) and the uploaded media into FOLDER."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        folder.mkdir(parents=True, exist_ok=True)
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            output=str(folder / DATA_FILE),
            indent=1,
            verbosity=0,
        )
        with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
            archive.add(settings.MEDIA_ROOT, arcname="media")
        self.stdout.write(f"Backed up the database and media to {folder}.")
