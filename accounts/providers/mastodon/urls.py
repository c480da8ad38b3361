from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from accounts.providers.mastodon.provider import MastodonProvider

urlpatterns = default_urlpatterns(MastodonProvider)
