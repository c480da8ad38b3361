from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Forget the IP address and browser of comments older than COMMENTS_IP_RETENTION_DAYS. "
        "Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.COMMENTS_IP_RETENTION_DAYS,
            help="Keep this many days (default: COMMENTS_IP_RETENTION_DAYS, %(default)s).",
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        purged = (
            Comment.objects.filter(submitted_at__lt=cutoff)
            .exclude(ip_address__isnull=True, user_agent="")
            .update(ip_address=None, user_agent="")
        )
        self.stdout.write(f"Purged the IP address and browser of {purged} comment(s).")
