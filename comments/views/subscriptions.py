"""Confirming a subscription and unsubscribing, both from signed links in email.

Each link opens a page with one button. A GET never changes anything, because mail scanners
follow links before the reader does; the button POSTs. The unsubscribe URL also takes the
mail client's own one-click POST (RFC 8058, ``List-Unsubscribe=One-Click``), which carries no
CSRF token — so that view alone is CSRF-exempt: the signed token is its authentication, and
all it can do is stop email to the address it names.
"""

from django.core import signing
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from comments.models import Subscription
from comments.notifications import (
    describe_list,
    read_confirmation_token,
    read_unsubscribe_token,
    unsubscribe,
)

INVALID_TEMPLATE = "comments/subscriptions/invalid_link.html"


# Pages behind a signed link name the reader's address: for them alone, never a shared cache.
@never_cache
@require_http_methods(["GET", "POST"])
def confirm_subscription(request, token):
    try:
        email, subscription_ids = read_confirmation_token(token)
    except signing.SignatureExpired:
        return render(request, INVALID_TEMPLATE, {"expired": True}, status=400)
    except signing.BadSignature:
        return render(request, INVALID_TEMPLATE, status=400)
    subscriptions = Subscription.objects.filter(pk__in=subscription_ids, email=email)
    subscriptions = list(subscriptions.select_related("article").order_by("kind", "pk"))
    confirmed = request.method == "POST"
    if confirmed:
        now = timezone.now()
        for subscription in subscriptions:
            if not subscription.is_confirmed:
                subscription.confirmed_at = now
                subscription.save(update_fields=["confirmed_at"])
    return render(
        request,
        "comments/subscriptions/confirm.html",
        {"email": email, "subscriptions": subscriptions, "confirmed": confirmed},
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    try:
        email, lists = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, INVALID_TEMPLATE, status=400)
    descriptions = [text for text in map(describe_list, lists) if text]
    done = request.method == "POST"
    if done:
        unsubscribe(email, lists)
    return render(
        request,
        "comments/subscriptions/unsubscribe.html",
        {"email": email, "descriptions": descriptions, "done": done},
    )
