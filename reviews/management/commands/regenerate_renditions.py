from django.core.management.base import BaseCommand

from reviews.images import ensure_renditions, image_fields, prune_renditions
from reviews.models import Article

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Make the renditions (the smaller copies pages use) of every stored image again: after "
        "IMAGE_RENDITION_WIDTHS changes, or to repair missing files. With --prune, also delete "
        "the renditions no image needs any more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Only make renditions that do not exist yet; keep the others.",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Then delete every rendition no current image, crop or width needs.",
        )

    def handle(self, *args, missing_only=False, prune=False, **options):
        querysets = [
            (field, model._default_manager.exclude(**{field.name: ""}).order_by("pk"))
            for model, field in image_fields()
        ]
        total = sum(queryset.count() for _, queryset in querysets)
        made, unreadable, done = 0, [], 0
        self._progress(done, total, "")
        for field, queryset in querysets:
            for obj in queryset.iterator():
                fieldfile = getattr(obj, field.attname)
                try:
                    made += ensure_renditions(fieldfile, force=not missing_only)
                except (OSError, ValueError) as error:
                    unreadable.append(f"{fieldfile.name}: {error}")
                done += 1
                self._progress(done, total, fieldfile.name)
        if self._interactive():
            self.stdout.write("")
        # Figures in essay bodies list their renditions in the stored HTML; bring it up to date.
        essays = Article.objects.filter(images__isnull=False).distinct()
        for article in essays:
            article.refresh_body()
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {made} rendition{'s' if made != 1 else ''} of {total} "
                f"image{'s' if total != 1 else ''}; refreshed {len(essays)} essay bod"
                f"{'ies' if len(essays) != 1 else 'y'} with figures."
            )
        )
        if prune:
            pruned = len(prune_renditions())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Deleted {pruned} rendition{'s' if pruned != 1 else ''} no image needs."
                )
            )
        for problem in unreadable:
            self.stderr.write(f"Could not read {problem}")

    def _interactive(self):
        return self.stdout.isatty()

    def _progress(self, done, total, name):
        """A bar redrawn in place on a terminal; a line per tenth of the way otherwise."""
        fraction = done / total if total else 1
        filled = round(BAR_WIDTH * fraction)
        bar = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"
        if self._interactive():
            self.stdout.write(f"\r{bar} {name[-40:]:<40}", ending="")
            self.stdout.flush()
        elif total == 0 or done == total or done % max(1, total // 10) == 0:
            self.stdout.write(bar)
