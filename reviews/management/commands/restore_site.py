"""``manage.py restore_site FOLDER``: load a ``backup_site`` folder into an empty database.

Run ``manage.py migrate`` first. The media archive is unpacked into ``MEDIA_ROOT``.
"""

import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reviews.management.commands.backup_site import DATA_FILE, MEDIA_FILE
from reviews.models import Article
from reviews.models.search_vector import refreshed_at_the_end


class Command(BaseCommand):
    help = "Restore a backup_site FOLDER into an empty, migrated database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        if not (folder / DATA_FILE).exists():
            raise CommandError(f"{folder} holds no {DATA_FILE}: is it a backup_site folder?")
        if Article.objects.exists():
            raise CommandError("The database is not empty; restore into a fresh one.")
        # A backup from SQLite holds no search vectors, and an essay's credits may be loaded
        # after it: every essay's vector is written once, when all the rows are in.
        with refreshed_at_the_end():
            call_command("loaddata", str(folder / DATA_FILE), verbosity=0)
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(folder / MEDIA_FILE) as archive:
            for member in archive.getmembers():
                if not member.name.startswith("media"):
                    raise CommandError(f"Unexpected file in the media archive: {member.name}")
                member.name = member.name.removeprefix("media").lstrip("/") or "."
            archive.extractall(media_root, filter="data")
        self.stdout.write(f"Restored the database and media from {folder}.")
