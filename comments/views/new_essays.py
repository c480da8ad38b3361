"""Subscribing to new essays from the panel on the front page and under each essay, without
writing a comment. The address is asked to confirm by email (the same double opt-in as the
comment form's "notify me"); the reply is the same whether or not it was already subscribed,
so the form tells no one who reads the site."""

from functools import partial

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from comments import tasks
from comments.models import Subscription
from config.csrf import origin_protected


class NewEssaysForm(forms.Form):
    email = forms.EmailField(label="Your email", max_length=254)


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@origin_protected  # the panel is on cached pages: see config.csrf
@require_POST
def subscribe_new_essays(request):
    form = NewEssaysForm(request.POST)
    if not form.is_valid():
        return render(request, "comments/subscriptions/new_essays.html", {"form": form}, status=400)
    user = request.user if request.user.is_authenticated else None
    subscription, needs_confirmation = Subscription.objects.subscribe(
        email=form.cleaned_data["email"], kind=Subscription.Kind.NEW_ESSAYS, user=user
    )
    if needs_confirmation:
        transaction.on_commit(
            partial(
                tasks.send_subscription_confirmation.enqueue, subscription.email, [subscription.pk]
            )
        )
    messages.success(
        request,
        "Thank you. Unless that address already gets them, an email is on its way: follow its "
        "link to start receiving new essays.",
    )
    return redirect(_back(request))
