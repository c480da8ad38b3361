from allauth.socialaccount.adapter import get_adapter
from django import template
from django.templatetags.static import static

register = template.Library()

MARKS = {"twitter_oauth2", "facebook", "google", "github", "wordpress_com", "mastodon"}


@register.filter
def provider_mark(provider_id):
    """The static URL of a provider's mark; generic OpenID Connect providers share one."""
    return static(f"img/providers/{provider_id if provider_id in MARKS else 'openid_connect'}.svg")


@register.simple_tag(takes_context=True)
def login_providers(context):
    """The providers this site is configured for, in name order: exactly the enabled ones."""
    providers = get_adapter().list_providers(context["request"])
    return sorted(providers, key=lambda provider: provider.name)


@register.simple_tag
def current_identity(user):
    """The social identity a signed-in reader last logged in with, wrapped by its provider
    (``.get_brand()["name"]``, ``str()``), or ``None`` for a password account."""
    if not user.is_authenticated:
        return None
    account = user.socialaccount_set.order_by("-last_login").first()
    if account is None:
        return None
    try:
        return account.get_provider_account()
    except Exception:  # a provider since switched off: say nothing rather than fail the page
        return None
