"""Migrate the provider's database, create its reader and the site's client; print the
client's id and secret.

Run as ``python -m tests.oidc_provider.prepare REDIRECT_URI`` (one process for both steps:
each start of Django costs about a second).
"""

import json
import sys

import django


def main(redirect_uri):
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from allauth.account.models import EmailAddress
    from allauth.idp.oidc.models import Client
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        "lena", password="provider-password", first_name="Lena", last_name="Marchetti"
    )
    EmailAddress.objects.create(user=user, email="lena@provider.test", verified=True, primary=True)
    client = Client(name="The Long Take", id="long-take")
    client.set_secret("client-secret")
    client.set_scopes(["openid", "profile", "email"])
    client.set_redirect_uris([redirect_uri])
    client.save()
    print(json.dumps({"client_id": client.id, "secret": "client-secret"}))


if __name__ == "__main__":
    main(sys.argv[1])
