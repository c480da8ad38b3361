from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Delete spam older than COMMENTS_SPAM_RETENTION_DAYS, as WordPress empties its spam "
        "folder. Spam with replies is kept as a placeholder for them. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.COMMENTS_SPAM_RETENTION_DAYS,
            help="Keep this many days (default: COMMENTS_SPAM_RETENTION_DAYS, %(default)s).",
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        old_spam = Comment.objects.filter(
            status=Comment.Status.SPAM, submitted_at__lt=cutoff, replies__isnull=True
        )
        # By primary key: a delete() straight off a join is refused by some databases.
        pks = list(old_spam.values_list("pk", flat=True))
        _, per_model = Comment.objects.filter(pk__in=pks).delete()
        deleted = per_model.get(Comment._meta.label, 0)
        self.stdout.write(f"Deleted {deleted} spam comment(s) older than {days} days.")
