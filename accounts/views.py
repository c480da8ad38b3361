"""A reader's own account: what they wrote, who they log in as, their data and its deletion."""

import json

from allauth.account.decorators import login_required
from allauth.socialaccount.adapter import get_adapter
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured, MultipleObjectsReturned, ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import personal_data
from accounts.forms import DeleteAccountForm
from accounts.mastodon import NotMastodon, registered_server, server_from_address
from accounts.providers.mastodon.views import SESSION_KEY


@login_required
def overview(request):
    data = personal_data.export(user=request.user)
    return render(request, "accounts/overview.html", {"data": data})


@login_required
def download(request):
    data = personal_data.export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response


@login_required
def delete(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.erase(user=user, keep=form.cleaned_data["comments"] == "keep")
        messages.success(request, "Your account is deleted.")
        return redirect("reviews:home")
    return render(request, "accounts/delete.html", {"form": form})


class MastodonAddressForm(forms.Form):
    address = forms.CharField(
        label="Your Mastodon address",
        max_length=300,
        help_text="Such as @name@mastodon.social, or just your server’s name.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )

    def clean_address(self):
        try:
            return server_from_address(self.cleaned_data["address"])
        except NotMastodon as error:
            raise forms.ValidationError(str(error)) from error


def mastodon_login(request):
    """Which server, then the OAuth 2 flow with that server's credentials."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    process = "connect" if request.GET.get("process") == "connect" else "login"
    # The provider buttons POST here with nothing but their CSRF token: show the form.
    form = MastodonAddressForm(request.POST if "address" in request.POST else None)
    if form.is_bound and form.is_valid():
        provider = get_adapter().get_provider(request, "mastodon")
        callback = request.build_absolute_uri(reverse("mastodon_callback"))
        try:
            server = registered_server(form.cleaned_data["address"], redirect_uri=callback)
        except NotMastodon as error:
            form.add_error("address", str(error))
        else:
            request.session[SESSION_KEY] = server.domain
            return provider.redirect(request, process, next_url=next_url or None)
    return render(request, "accounts/mastodon_login.html", {"form": form, "next": next_url})


def start_social_login(request, provider_id, *, next_url=None):
    """Send the reader to ``provider_id`` to log in (from a POST, as allauth wants), and back to
    ``next_url`` afterwards. Mastodon first asks which server."""
    if not next_url or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = None
    try:
        provider = get_adapter().get_provider(request, provider_id)
    except (ImproperlyConfigured, ObjectDoesNotExist, MultipleObjectsReturned) as error:
        raise Http404("No such login provider.") from error
    if provider.id == "mastodon":
        return redirect(provider.get_login_url(request, next=next_url))
    return provider.redirect(request, "login", next_url=next_url)
