"""Demo staff accounts for a development site.

Passwords are derived from the secret key, so they are stable from run to run without being
written into the repository, and differ on any site that sets its own key.
"""

import hashlib
import hmac

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import CONTRIBUTORS, EDITORS, MODERATORS

DEMO_ACCOUNTS = [
    # username, display name, groups, superuser
    ("admin", "Site Administrator", (), True),
    ("editor", "Mara Lindqvist", (EDITORS,), False),
    ("contributor", "Idris Okafor", (CONTRIBUTORS,), False),
    ("moderator", "Tomás Ferreira", (MODERATORS,), False),
]


def demo_password(username):
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo:{username}".encode(), hashlib.sha256)
    return f"{username}-{digest.hexdigest()[:12]}"


def ensure_demo_accounts():
    """Create the demo accounts that are missing; never touch existing ones.
    Returns ``[(user, password, created), …]``."""
    User = get_user_model()
    accounts = []
    for username, display_name, groups, superuser in DEMO_ACCOUNTS:
        password = demo_password(username)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": display_name,
                "email": f"{username}@example.org",
                "is_staff": True,
                "is_superuser": superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            user.groups.set(Group.objects.filter(name__in=groups))
            # The site made these addresses up itself: nothing to verify, and an unverified
            # address would send the demo staff's comments to the queue.
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        accounts.append((user, password, created))
    return accounts
