"""Mastodon, on whichever server the reader names, shaped like allauth's OAuth 2 providers.

allauth has no Mastodon provider, and each server is its own OAuth 2 authority: this site
registers itself with a server the first time a reader names it (``POST /api/v1/apps``) and
keeps the credentials in :class:`accounts.models.MastodonServer`. The server chosen for a login
travels in the session; ``uid`` is ``<account id>@<server>``, so identities on two servers
never collide.
"""

from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider
from django.urls import reverse

from accounts.providers.mastodon.views import MastodonOAuth2Adapter


class MastodonAccount(ProviderAccount):
    def get_profile_url(self):
        return self.account.extra_data.get("url")

    def get_avatar_url(self):
        data = self.account.extra_data
        # Servers hand out a stock picture for accounts without one; the site draws its own.
        avatar = data.get("avatar_static") or data.get("avatar") or ""
        return None if "/avatars/original/missing" in avatar else avatar or None

    def to_str(self):
        data = self.account.extra_data
        return data.get("display_name") or f"@{data.get('acct', '')}"


class MastodonProvider(OAuth2Provider):
    id = "mastodon"
    name = "Mastodon"
    account_class = MastodonAccount
    oauth2_adapter_class = MastodonOAuth2Adapter

    def get_default_scope(self):
        return ["read:accounts"]

    def get_login_url(self, request, **kwargs):
        """The page that asks which server; it then starts the OAuth 2 flow."""
        from urllib.parse import urlencode

        url = reverse("accounts:mastodon-login")
        query = {key: kwargs[key] for key in ("next", "process") if kwargs.get(key)}
        return f"{url}?{urlencode(query)}" if query else url

    def extract_uid(self, data):
        return f"{data['id']}@{data['server']}"

    def extract_common_fields(self, data):
        # Mastodon never shares an email address.
        return {
            "username": data.get("username"),
            "name": data.get("display_name") or data.get("username"),
        }


provider_classes = [MastodonProvider]
