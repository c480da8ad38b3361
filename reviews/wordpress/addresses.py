"""The old site's addresses, kept back and written a few hundred at a time.

Each post leaves two or three (its permalink, ``/?p=42``), each term three (its archive, its
feed, ``/?tag=…``); asking the database about them as they came cost two queries a post and
four a term. The batch asks once for the paths it holds and writes the new rows in a few
INSERTs. Paths are still settled in the order they came, so a path met twice is created the
first time and updated (or skipped) after, and the counts are the ones a query apiece gave.
"""

from reviews.models import LegacyAddress
from reviews.wordpress import INSERT_SIZE

# Paths kept back: one query finds them all.
BATCH_SIZE = 500
TARGETS = ("article", "tag", "series")
MAX_LENGTH = LegacyAddress._meta.get_field("path").max_length


class PendingAddresses:
    """Old addresses waiting to be written; the import calls :meth:`flush` once more after
    the last post."""

    def __init__(self, summary):
        self.summary = summary
        self.pending = []  # (path, {"article_id": …, "tag_id": …, "series_id": …, "feed": …})

    def add(self, paths, *, feed=False, **target):
        """Make ``paths`` lead to ``target`` (``article=``, ``tag=`` or ``series=``, saved)."""
        # Kept by id: a batch of essays with their bodies would be a lot to hold.
        wanted = {f"{name}_id": getattr(target.get(name), "pk", None) for name in TARGETS}
        wanted["feed"] = feed
        for path in dict.fromkeys(paths):
            if path and path != "/" and len(path) <= MAX_LENGTH:
                self.pending.append((path, wanted))
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        pending, self.pending = self.pending, []
        if not pending:
            return
        rows = LegacyAddress.objects.in_bulk({path for path, _ in pending}, field_name="path")
        new, changed = {}, {}
        for path, wanted in pending:
            row = rows.get(path)
            if row is None:
                rows[path] = new[path] = LegacyAddress(path=path, **wanted)
                self.summary.add("old addresses", "created")
            elif any(getattr(row, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(row, name, value)
                if path not in new:
                    changed[path] = row
                self.summary.add("old addresses", "updated")
            else:
                self.summary.add("old addresses", "skipped")
        LegacyAddress.objects.bulk_create(new.values(), batch_size=INSERT_SIZE)
        LegacyAddress.objects.bulk_update(
            changed.values(), [*TARGETS, "feed"], batch_size=INSERT_SIZE
        )
