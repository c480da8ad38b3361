"""Demo accounts for a development site, from ``accounts.toml`` beside this module.

Staff passwords are derived from the secret key, so they are stable from run to run without
being written into the repository, and differ on any site that sets its own key. A byline is a
writer without a login (an unusable password).

Like the other apps' demo loaders, these create what is missing and never touch what exists.
"""

import tomllib
from functools import cache
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.crypto import salted_hmac

DATA = Path(__file__).resolve().parent / "accounts.toml"
PASSWORD_SALT = "accounts.demo.password"


@cache
def demo_accounts():
    """The data file as ``{"staff": [{…}, …], "bylines": [{…}, …]}``."""
    with DATA.open("rb") as file:
        return tomllib.load(file)


def demo_password(username):
    # A key derived for this one use, so these passwords (printed on the console) reveal
    # nothing about the secret key that signs sessions and links.
    digest = salted_hmac(PASSWORD_SALT, username, algorithm="sha256")
    return f"{username}-{digest.hexdigest()[:12]}"


def ensure_demo_accounts():
    """Create the staff accounts that are missing. Returns ``[(user, password, created), …]``."""
    User = get_user_model()
    accounts = []
    for data in demo_accounts()["staff"]:
        username = data["username"]
        password = demo_password(username)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": data["display_name"],
                "email": f"{username}@example.org",
                "is_staff": True,
                "is_superuser": data.get("superuser", False),
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            user.groups.set(Group.objects.filter(name__in=data["groups"]))
            # The site made these addresses up itself: nothing to verify, and an unverified
            # address would send the demo staff's comments to the queue.
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        accounts.append((user, password, created))
    return accounts


def ensure_demo_bylines():
    """Create the writers without a login that are missing. Returns their users."""
    User = get_user_model()
    users = []
    for data in demo_accounts()["bylines"]:
        user, created = User.objects.get_or_create(
            username=data["username"],
            defaults={"display_name": data["display_name"], "email": data["email"]},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


def ensure_demo_users():
    """Every demo user, staff and bylines, created where missing: ``{username: user}``."""
    staff = [user for user, _, _ in ensure_demo_accounts()]
    return {user.username: user for user in [*staff, *ensure_demo_bylines()]}
