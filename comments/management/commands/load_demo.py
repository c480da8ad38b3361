from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import ensure_demo_accounts
from comments.demo import ensure_demo_comments
from reviews.demo import ensure_demo_content


class Command(BaseCommand):
    # It lives here, in the app at the top of the dependency chain (accounts ← reviews ←
    # comments), because it is the one place allowed to call every app's demo loader.
    help = "Create demo staff accounts and demo content. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        accounts = ensure_demo_accounts()
        created = sum(1 for _, _, was_created in accounts if was_created)
        self.stdout.write(f"Demo accounts: {created} created, {len(accounts) - created} present.")
        self.stdout.write("Demo content:")
        summary = {**ensure_demo_content(), **ensure_demo_comments()}
        width = max(map(len, summary))
        for label, (created, total) in summary.items():
            self.stdout.write(f"  {label:<{width}} {created} created, {total - created} present")
        if settings.DEBUG:
            self.stdout.write(self.style.SUCCESS("Log in at /admin/ with:"))
            for user, password, _ in accounts:
                self.stdout.write(
                    f"  {user.username:<12} {password:<26} ({user.get_display_name()})"
                )
        else:
            self.stdout.write(
                "Passwords are shown only in debug mode; set them with changepassword."
            )
