"""Which social login providers the site offers, read from environment variables.

A provider is offered only when its credentials are set; README.md lists the variables::

    SOCIAL_GITHUB_CLIENT_ID=… SOCIAL_GITHUB_SECRET=…      # one pair per named provider
    SOCIAL_OIDC_PROVIDERS='[{"id": "example", "name": "Example", "server_url":
        "https://id.example.org", "client_id": "…", "secret": "…"}]'
    SOCIAL_MASTODON=true                                   # any server a reader names

The result is allauth's ``SOCIALACCOUNT_PROVIDERS``: each configured provider carries its app
in ``APPS``, so nothing is kept in the database's SocialApp table.
"""

import json
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_str

# Environment prefix → allauth provider id, with the settings each provider needs.
NAMED_PROVIDERS = {
    "X": ("twitter_oauth2", {}),
    "FACEBOOK": ("facebook", {"METHOD": "oauth2", "SCOPE": ["public_profile", "email"]}),
    "GOOGLE": ("google", {"SCOPE": ["profile", "email"]}),
    "GITHUB": ("github", {"SCOPE": ["read:user", "user:email"]}),
    "WORDPRESS": ("wordpress_com", {}),
}

# Where each named provider's login page lives. The "Log in with …" buttons are forms that
# POST to this site and are redirected there, and browsers hold the whole redirect chain to
# the page's Content-Security-Policy ``form-action``: without these the button does nothing.
LOGIN_ORIGINS = {
    "twitter_oauth2": ["https://x.com", "https://twitter.com"],
    "facebook": ["https://www.facebook.com"],
    "google": ["https://accounts.google.com"],
    "github": ["https://github.com"],
    "wordpress_com": ["https://public-api.wordpress.com"],
}


def social_providers():
    providers = {}
    for prefix, (provider_id, extra) in NAMED_PROVIDERS.items():
        client_id = env_str(f"SOCIAL_{prefix}_CLIENT_ID")
        secret = env_str(f"SOCIAL_{prefix}_SECRET")
        if client_id and secret:
            app = {"client_id": client_id, "secret": secret, "key": ""}
            providers[provider_id] = {**extra, "APPS": [app]}
        elif client_id or secret:
            raise ImproperlyConfigured(
                f"Set both SOCIAL_{prefix}_CLIENT_ID and SOCIAL_{prefix}_SECRET, or neither."
            )
    oidc_apps = oidc_providers(env_str("SOCIAL_OIDC_PROVIDERS"))
    if oidc_apps:
        providers["openid_connect"] = {"OAUTH_PKCE_ENABLED": True, "APPS": oidc_apps}
    if env_bool("SOCIAL_MASTODON", default=False):
        # Each Mastodon server gets its own credentials (accounts.models.MastodonServer); the
        # app here only switches the provider on.
        providers["mastodon"] = {"APPS": [{"client_id": "per-server", "secret": "", "key": ""}]}
    return providers


def oidc_providers(raw):
    """allauth apps for the generic OpenID Connect providers in ``SOCIAL_OIDC_PROVIDERS``."""
    if not raw:
        return []
    problem = (
        "SOCIAL_OIDC_PROVIDERS must be a JSON list of objects with id, name, server_url, "
        "client_id and secret."
    )
    try:
        entries = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(problem) from error
    keys = ("id", "name", "server_url", "client_id", "secret")
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and all(entry.get(key) for key in keys) for entry in entries
    ):
        raise ImproperlyConfigured(problem)
    return [
        {
            "provider_id": entry["id"],
            "name": entry["name"],
            "client_id": entry["client_id"],
            "secret": entry["secret"],
            "settings": {"server_url": entry["server_url"]},
        }
        for entry in entries
    ]


def login_form_targets(providers):
    """The CSP ``form-action`` sources the login buttons of ``providers`` need.

    A generic OpenID Connect provider is assumed to authorise on its issuer's origin, as they
    do; Mastodon can be any server, so it opens every HTTPS origin.
    """
    targets = []
    for provider_id, config in providers.items():
        if provider_id == "mastodon":
            targets.append("https:")
        elif provider_id == "openid_connect":
            for app in config.get("APPS", []):
                parts = urlsplit(app["settings"]["server_url"])
                targets.append(f"{parts.scheme}://{parts.netloc}")
        else:
            targets.extend(LOGIN_ORIGINS.get(provider_id, []))
    return list(dict.fromkeys(targets))
