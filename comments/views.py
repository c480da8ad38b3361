from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from comments.forms import (
    CommentEditForm,
    CommentForm,
    IdentityRuleForm,
    ModerationActionForm,
    ModerationSettingsForm,
    remember_author,
)
from comments.identicon import identicon_svg, is_digest
from comments.models import Comment, IdentityRule, ModerationAction, ModerationSettings
from comments.moderation import recheck_edit
from comments.posting import CommentsClosed, RateLimited, post_comment
from comments.signals import comment_held
from comments.templatetags.comments_tags import OWN_COMMENTS_SESSION_KEY, own_comment_ids
from comments.threads import Thread
from reviews.models import Article

MODERATE = "comments.moderate_comment"
OWN_COMMENTS_KEPT = 50


def client_ip(request):
    # REMOTE_ADDR only: a proxy in front of the site must set it (e.g. gunicorn's
    # --forwarded-allow-ips), since X-Forwarded-For is whatever the client says.
    return request.META.get("REMOTE_ADDR") or None


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


@require_POST
def post(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
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
    if request.user.has_perm(MODERATE):
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
    old_body = comment.body
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            comment = form.save(commit=False)
            comment.edited_at = timezone.now()
            decision = recheck_edit(comment, old_body)
            previous = comment.status
            if decision is not None:
                comment.status = decision.status
                comment.reason_code = decision.code
                comment.reason = decision.reason
            comment.save()
            comment.moderation_actions.create(
                action=ModerationAction.Action.EDIT,
                from_status=previous,
                to_status=comment.status,
                note=decision.reason if decision else "",
            )
            if comment.status == Comment.Status.PENDING and previous != comment.status:
                # Back in the queue: moderators hear of it as of any other held comment.
                transaction.on_commit(lambda: comment_held.send(sender=Comment, comment=comment))
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
        with transaction.atomic():
            record = ModerationAction(
                action=ModerationAction.Action.DELETE,
                from_status=comment.status,
                note=f"Comment #{comment.pk} by {comment.author_name}",
            )
            if comment.replies.exists():
                # Kept as an empty placeholder so the replies still answer something.
                comment.is_deleted = True
                comment.body = ""
                comment.save(update_fields=["is_deleted", "body"])
                record.comment, record.to_status = comment, comment.status
            else:
                comment.delete()
            record.save()
        messages.success(request, "Your comment is deleted.")
        return redirect(article.get_absolute_url() + "#comments")
    return render(request, "comments/delete.html", {"comment": comment})


class ModerationQueueView(PermissionRequiredMixin, ListView):
    """The moderation queue: waiting comments first, newest first, with what a moderator needs
    to decide — the essay, the comment answered, the commenter's record, the rule's reason."""

    permission_required = MODERATE
    raise_exception = True
    template_name = "comments/moderation/queue.html"
    paginate_by = 50
    statuses = ["pending", "approved", "spam", "removed", "all"]

    def get_status(self):
        status = self.request.GET.get("status", "pending")
        return status if status in self.statuses else "pending"

    @cached_property
    def article(self):
        """The essay the queue is narrowed to, or ``None``."""
        article_id = self.request.GET.get("article", "")
        if article_id.isdigit():
            return Article.objects.filter(pk=article_id).first()
        return None

    def paginate_queryset(self, queryset, page_size):
        # A stale or mistyped page number shows the nearest page rather than a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_queryset(self):
        comments = Comment.objects.for_queue()
        status = self.get_status()
        if status != "all":
            comments = comments.filter(status=status)
        if self.article:
            comments = comments.filter(article=self.article)
        waiting_first = Case(
            When(status=Comment.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return comments.order_by(waiting_first, "-submitted_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_comments = list(context["object_list"])
        identities = {comment.identity for comment in page_comments}
        history = {
            row["identity"]: row
            for row in Comment.objects.filter(identity__in=identities)
            .values("identity")
            .annotate(
                approved=Count("pk", filter=Q(status=Comment.Status.APPROVED)),
                spam=Count("pk", filter=Q(status=Comment.Status.SPAM)),
                total=Count("pk"),
            )
        }
        rules = {
            (rule.kind, rule.value) for rule in IdentityRule.objects.filter(value__in=identities)
        }
        for comment in page_comments:
            comment.history = history.get(comment.identity, {})
            comment.is_trusted = (IdentityRule.Kind.TRUST, comment.identity) in rules
            comment.is_banned = (IdentityRule.Kind.BAN, comment.identity) in rules
        counts = dict(
            Comment.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        context.update(
            comments=page_comments,
            status=self.get_status(),
            article=self.article,
            status_choices=[
                (value, label, counts.get(value, 0)) for value, label in Comment.Status.choices
            ],
            articles=Article.objects.filter(comments__isnull=False)
            .distinct()
            .order_by("title")
            .only("pk", "title"),
            actions=ModerationActionForm.base_fields["action"].choices,
        )
        return context


@require_POST
@permission_required(MODERATE, raise_exception=True)
def act(request):
    data = request.POST
    if "single" in data:
        # A button on one comment: "<action>:<id>", whatever else is ticked.
        action, _, pk = data["single"].partition(":")
        data = {"action": action, "comments": [pk], "note": data.get("note", "")}
    form = ModerationActionForm(data)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("comments:queue")
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(back)
    action = form.cleaned_data["action"]
    comments = list(form.cleaned_data["comments"].select_related("article"))
    reply = action == "approve_reply"
    if reply:
        action = ModerationAction.Action.APPROVE
    with transaction.atomic():
        for comment in comments:
            comment.moderate(action, moderator=request.user, note=form.cleaned_data["note"])
    label = dict(ModerationAction.Action.choices)[action]
    count = len(comments)
    messages.success(request, f"{label}: {count} comment{'s' if count != 1 else ''}.")
    if reply:
        return redirect(comments[0].get_reply_url())
    return redirect(back)


@permission_required(MODERATE, raise_exception=True)
def rules(request):
    """Word lists, limits, bans and trusts — what moderators tune without a deploy."""
    moderation = ModerationSettings.load()
    settings_form = ModerationSettingsForm(instance=moderation, prefix="settings")
    rule_form = IdentityRuleForm(prefix="rule")
    if request.method == "POST":
        if "save_settings" in request.POST:
            settings_form = ModerationSettingsForm(
                request.POST, instance=moderation, prefix="settings"
            )
            if settings_form.is_valid():
                settings_form.save()
                messages.success(request, "Moderation settings saved.")
                return redirect("comments:rules")
        elif "add_rule" in request.POST:
            rule_form = IdentityRuleForm(request.POST, prefix="rule")
            if rule_form.is_valid():
                rule = rule_form.save(commit=False)
                rule.created_by = request.user
                rule.save()
                messages.success(request, f"Added: {rule}.")
                return redirect("comments:rules")
    context = {
        "settings_form": settings_form,
        "rule_form": rule_form,
        "identity_rules": IdentityRule.objects.select_related("created_by"),
    }
    status = 400 if settings_form.errors or rule_form.errors else 200
    return render(request, "comments/moderation/rules.html", context, status=status)


@require_POST
@permission_required(MODERATE, raise_exception=True)
def delete_rule(request, pk):
    rule = get_object_or_404(IdentityRule, pk=pk)
    rule.delete()
    messages.success(request, f"Deleted: {rule}.")
    return redirect("comments:rules")
