"""A guest's data, without an account: proven by a link sent to the email address they used.

The guest gives an address; a signed link that expires is emailed to it. The link shows what
the site holds under that address, downloads it as JSON, or (after a confirming POST) erases
it through :mod:`accounts.personal_data`. The same answer is given whether or not anything is
held, so the form never tells anyone which addresses have commented::

    token = make_token("ann@example.org")
    email_from_token(token)  # "ann@example.org", or BadSignature / SignatureExpired
"""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.mail import send_mail
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import personal_data

SALT = "accounts.guest-data"
LINK_HOURS = 24


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


def request_link(request):
    form = GuestDataForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
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


def guest_data(request, token):
    email = _email_or_404(token)
    data = personal_data.export(email=email)
    return render(
        request, "accounts/guest_data.html", {"email": email, "data": data, "token": token}
    )


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
