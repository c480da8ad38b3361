"""Leaving an essay to log in, and coming back to the same comment form with the text typed
before leaving (and the comment being answered) restored. The draft waits in the session."""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.views import start_social_login
from comments.forms import BODY_MAX_LENGTH
from config.csrf import origin_protected
from reviews.models import Article

DRAFT_SESSION_KEY = "comments_draft"


def keep_draft(request, article):
    """Put the comment form's text and reply target in the session; the essay's URL back."""
    parent = request.POST.get("parent", "")
    request.session[DRAFT_SESSION_KEY] = {
        "article": article.pk,
        "body": request.POST.get("body", "")[:BODY_MAX_LENGTH],
        "parent": int(parent) if parent.isdigit() else None,
    }
    query = f"?{urlencode({'replyto': parent})}" if parent.isdigit() else ""
    return f"{article.get_absolute_url()}{query}#comment-form"


def take_draft(request, article):
    """The draft kept for ``article`` (``{"body": …, "parent": …}``), once, or ``None``."""
    session = getattr(request, "session", None)
    draft = session.get(DRAFT_SESSION_KEY) if session is not None else None
    if not isinstance(draft, dict) or draft.get("article") != article.pk:
        return None
    del session[DRAFT_SESSION_KEY]
    return draft


@origin_protected  # a button of the comment form, on cached pages: see config.csrf
@require_POST
def login_with(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    back = keep_draft(request, article)
    return start_social_login(request, request.POST.get("provider", ""), next_url=back)


@require_POST
def change_identity(request, slug):
    """Log out and choose another way in, keeping the draft across the new session."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    back = keep_draft(request, article)
    draft = request.session[DRAFT_SESSION_KEY]
    get_account_adapter(request).logout(request)
    request.session[DRAFT_SESSION_KEY] = draft
    return redirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
