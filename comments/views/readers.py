"""What readers do with comments: post, follow a permalink, edit or delete their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from comments.forms import (
    CommentEditForm,
    CommentForm,
    remember_author,
)
from comments.identicon import identicon_svg, is_digest
from comments.models import Comment
from comments.posting import CommentsClosed, RateLimited, post_comment
from comments.templatetags.comments_tags import OWN_COMMENTS_SESSION_KEY, own_comment_ids
from comments.threads import Thread
from config.csrf import origin_protected
from config.proxies import client_ip
from reviews.models import Article

OWN_COMMENTS_KEPT = 50


def remember_own_comment(request, comment):
    """Note in the session that this browser wrote ``comment``, so its author keeps seeing it
    while it waits for a moderator; returns the ids now remembered."""
    own = [comment.pk, *own_comment_ids(request)][:OWN_COMMENTS_KEPT]
    request.session[OWN_COMMENTS_SESSION_KEY] = own
    return own


def comment_url(comment, *, reader=None, own_ids=()):
    """Where ``comment`` is on its essay's page (``?cpage=N#comment-<id>``), or ``None`` when
    ``reader`` cannot see it."""
    thread = Thread(comment.article, reader=reader, own_ids=own_ids)
    page = thread.page_number_of(comment)
    if page is None:
        return None
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#{comment.anchor}"


@origin_protected  # the form is on cached pages: see config.csrf
@require_http_methods(["GET", "HEAD", "POST"])
def post(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if request.method != "POST":
        # The address bar shows this address after a refused post; reloading it is a GET.
        return redirect(article.get_absolute_url() + "#comment-form")
    form = CommentForm(request.POST, article=article, user=request.user)
    if not form.is_valid():
        return _form_page(request, article, form, status=400)
    data = form.cleaned_data
    try:
        comment = post_comment(
            article=article,
            body=data["body"],
            user=request.user,
            name=data.get("name", ""),
            email=data.get("email", ""),
            website=data.get("website", ""),
            parent=data["parent"],
            ip_address=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            honeypot=data["homepage"],
            form_token=data["started"],
            notify_followups=data["notify_followups"],
            notify_new_essays=data["notify_new_essays"],
            notify_email=form.notify_email,
            request=request,
        )
    except CommentsClosed as refusal:
        form.add_error(None, str(refusal))
        return _form_page(request, article, form, status=403)
    except RateLimited as limit:
        form.add_error(None, str(limit))
        response = _form_page(request, article, form, status=429)
        response["Retry-After"] = str(limit.retry_after)
        return response

    own = remember_own_comment(request, comment)
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, "Thank you — your comment is published.")
    elif comment.reason_code == Comment.Reason.UNVERIFIED_EMAIL:
        messages.info(
            request,
            "Thank you — your comment waits until you confirm your email address: follow the "
            "link we sent you, or send a new one from your email settings. Only you can see it.",
        )
    else:
        messages.info(
            request, "Thank you — your comment is awaiting moderation. Only you can see it."
        )
    target = comment_url(comment, reader=request.user, own_ids=own) or (
        article.get_absolute_url() + "#comments"
    )
    response = redirect(target)
    if not request.user.is_authenticated:
        remember_author(response, request, form)
    return response


def _form_page(request, article, form, *, status):
    parent = form.cleaned_data.get("parent") if hasattr(form, "cleaned_data") else None
    context = {"article": article, "form": form, "reply_to": parent}
    return render(request, "comments/form_page.html", context, status=status)


def permalink(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if Article.objects.published().filter(pk=comment.article_id).exists():
        target = comment_url(comment, reader=request.user, own_ids=own_comment_ids(request))
        if target:
            return redirect(target)
    if request.user.has_perm("comments.moderate_comment"):
        return redirect(
            f"{reverse('comments:queue')}?status={comment.status}&article={comment.article_id}"
            f"#{comment.anchor}"
        )
    raise Http404("No such comment.")


@cache_control(public=True, max_age=60 * 60 * 24 * 365, immutable=True)
def identicon(request, digest):
    if not is_digest(digest):
        raise Http404("No such picture.")
    return HttpResponse(identicon_svg(digest), content_type="image/svg+xml")


def _own_comment(request, pk):
    return get_object_or_404(
        Comment.objects.select_related("article").filter(user=request.user), pk=pk
    )


@login_required
def edit(request, pk):
    comment = _own_comment(request, pk)
    if not comment.can_edit(request.user):
        messages.error(request, "This comment can no longer be edited.")
        return redirect(comment)
    # Not bound to the comment: the model's edit compares the new text with the stored one.
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        comment.edit_by_author(form.cleaned_data["body"], by=request.user)
        if comment.status == Comment.Status.APPROVED:
            messages.success(request, "Your comment is updated.")
        else:
            remember_own_comment(request, comment)
            messages.info(request, "Your comment is updated and waits for a moderator again.")
        return redirect(comment)
    return render(request, "comments/edit.html", {"comment": comment, "form": form})


@login_required
def delete(request, pk):
    comment = _own_comment(request, pk)
    if not comment.can_delete(request.user):
        raise PermissionDenied
    if request.method == "POST":
        article = comment.article
        comment.delete_by_author(by=request.user)
        messages.success(request, "Your comment is deleted.")
        return redirect(article.get_absolute_url() + "#comments")
    return render(request, "comments/delete.html", {"comment": comment})
