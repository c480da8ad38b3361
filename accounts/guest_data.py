"""A guest's data, without an account: proven by a link sent to the email address they used.

The guest gives an address; a signed link that expires is emailed to it. The link shows what
the site holds under that address, downloads it as JSON, or (after a confirming POST) erases
it through :mod:`accounts.personal_data`. The same answer is given whether or not anything is
held, so the form never tells anyone which addresses have commented::

    token = make_token("ann@example.org")
    email_from_token(token)  # "ann@example.org", or BadSignature / SignatureExpired
"""

import json
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import personal_data

SALT = "accounts.guest-data"
LINK_HOURS = 24
# Anyone can type any address: counted per address so the form cannot flood a stranger's
# inbox, and per IP address so one sender cannot work through a list of them. A guest needs
# one link a day; a retry or two for a slow mail server is generous.
LINKS_PER_ADDRESS_PER_HOUR = 3
REQUESTS_PER_IP_PER_HOUR = 10


class GuestDataForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The address you gave with your comments. We send a link to it.",
    )


def make_token(email):
    return signing.TimestampSigner(salt=SALT).sign(email.strip().lower())


def email_from_token(token):
    return signing.TimestampSigner(salt=SALT).unsign(token, max_age=LINK_HOURS * 3600)


def held_anything(data):
    return any(data.values())


def over_limit(key, limit, window=3600):
    """Count one request against ``key`` in a fixed window, as the comment rate limits do;
    the seconds to wait when this one is over ``limit``, else 0."""
    now = time.time()
    bucket = f"accounts:guest-data:{key}:{int(now // window)}"
    cache.add(bucket, 0, timeout=window + 5)
    try:
        count = cache.incr(bucket)
    except ValueError:  # the bucket expired between add() and incr()
        cache.set(bucket, 1, timeout=window + 5)
        count = 1
    return int(window - now % window) + 1 if count > limit else 0


def request_link(request):
    form = GuestDataForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        wait = max(
            over_limit(f"email:{email}", LINKS_PER_ADDRESS_PER_HOUR),
            over_limit(f"ip:{request.META.get('REMOTE_ADDR')}", REQUESTS_PER_IP_PER_HOUR),
        )
        if wait:
            form.add_error(
                None,
                f"Too many links asked for. Please wait {round(wait / 60) or 1} minutes and "
                "try again; any link already sent works for a day.",
            )
            response = render(request, "accounts/guest_request.html", {"form": form}, status=429)
            response["Retry-After"] = str(wait)
            return response
        if held_anything(personal_data.export(email=email)):
            url = request.build_absolute_uri(
                reverse("accounts:guest-data", args=[make_token(email)])
            )
            context = {"url": url, "hours": LINK_HOURS, "site_name": settings.SITE_NAME}
            send_mail(
                f"Your data on {settings.SITE_NAME}",
                render_to_string("accounts/email/guest_data.txt", context),
                None,
                [email],
            )
        return render(request, "accounts/guest_request.html", {"sent_to": email})
    return render(request, "accounts/guest_request.html", {"form": form})


def _email_or_404(token):
    try:
        return email_from_token(token)
    except signing.SignatureExpired as error:
        raise Http404("This link has expired; ask for a new one.") from error
    except signing.BadSignature as error:
        raise Http404("This link is not valid.") from error


@never_cache
def guest_data(request, token):
    email = _email_or_404(token)
    data = personal_data.export(email=email)
    return render(
        request, "accounts/guest_data.html", {"email": email, "data": data, "token": token}
    )


@never_cache
def guest_download(request, token):
    data = personal_data.export(email=_email_or_404(token))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@require_POST
def guest_erase(request, token):
    personal_data.erase(email=_email_or_404(token))
    messages.success(request, "Everything this site held under your email address is erased.")
    return redirect("reviews:home")
