from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.core.exceptions import PermissionDenied

SESSION_KEY = "mastodon_server"


class MastodonOAuth2Adapter(OAuth2Adapter):
    provider_id = "mastodon"

    @property
    def server(self):
        from accounts.models import MastodonServer

        domain = self.request.session.get(SESSION_KEY)
        server = MastodonServer.objects.filter(domain=domain).first() if domain else None
        if server is None:
            raise PermissionDenied("No Mastodon server chosen for this login.")
        return server

    @property
    def authorize_url(self):
        return f"{self.server.base_url}/oauth/authorize"

    @property
    def access_token_url(self):
        return f"{self.server.base_url}/oauth/token"

    def get_client(self, request, app):
        client = super().get_client(request, app)
        server = self.server
        client.consumer_key, client.consumer_secret = server.client_id, server.client_secret
        return client

    def complete_login(self, request, app, token, **kwargs):
        server = self.server
        with get_adapter().get_requests_session() as session:
            response = session.get(
                f"{server.base_url}/api/v1/accounts/verify_credentials",
                headers={"Authorization": f"Bearer {token.token}"},
            )
            response.raise_for_status()
            data = response.json()
        data["server"] = server.domain
        return self.get_provider().sociallogin_from_response(request, data)


oauth2_login = OAuth2LoginView.adapter_view(MastodonOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(MastodonOAuth2Adapter)
