"""allauth customised through its adapters: who may sign up, and what a social login brings."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import (
    DefaultSocialAccountAdapter,
    _build_apps_from_settings,
)
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Readers' local sign-up can be turned off; social logins (below) stay open."""
        return settings.ACCOUNT_READER_SIGNUP


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True

    def list_apps(self, request, provider=None, client_id=None):
        """The providers' apps as ``config.social`` builds them from the environment, and
        nothing else: this site keeps none in allauth's SocialApp table (its admin is not
        offered), and asking the table cost a query on every page with a comment form."""
        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def get_provider(self, request, provider, client_id=None):
        # Every installed provider has login addresses, configured or not; one this site has
        # no credentials for is simply not here, rather than a server error.
        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("No such login provider.") from None

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        full_name = f"{data.get('first_name') or ''} {data.get('last_name') or ''}"
        name = data.get("name") or full_name.strip() or data.get("username") or ""
        name = " ".join(name.split())
        user.display_name = name[:150]
        return user

    def save_user(self, request, sociallogin, form=None):
        from accounts.pictures import store_picture

        user = super().save_user(request, sociallogin, form)
        store_picture(sociallogin.account)
        return user

    def validate_disconnect(self, account, accounts):
        """Never the last way in: a reader without a password keeps one identity."""
        user = account.user
        if not user.has_usable_password() and len(accounts) <= 1:
            raise ValidationError(
                "This is your only way to log in. Connect another identity or set a password "
                "before disconnecting it."
            )
