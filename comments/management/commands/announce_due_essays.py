from django.core.management.base import BaseCommand

from comments import tasks


class Command(BaseCommand):
    help = (
        "Announce to new-essay subscribers every essay that is public but not yet announced. "
        "Not needed with the database task backend, which runs each announcement at its "
        "publication time; useful with the immediate backend (development), which cannot "
        "wait for a scheduled essay, and after the worker was down. Never sends one twice."
    )

    def handle(self, *args, **options):
        due = list(tasks.essays_due_for_announcement().order_by("publish_at"))
        for article in due:
            result = tasks.announce_new_essay.enqueue(article.pk)
            self.stdout.write(f"“{article}”: enqueued ({result.status.label}).")
        self.stdout.write(f"{len(due)} essay(s) due for announcement.")
