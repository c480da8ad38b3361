"""The moderators' pages: the queue, its actions, and the rules they tune without a deploy."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from comments.forms import (
    IdentityRuleForm,
    ModerationActionForm,
    ModerationSettingsForm,
)
from comments.models import Comment, IdentityRule, ModerationAction, ModerationSettings
from reviews.models import Article

MODERATE = "comments.moderate_comment"


class ModerationQueueView(PermissionRequiredMixin, ListView):
    """The moderation queue: waiting comments first, newest first, with what a moderator needs
    to decide — the essay, the comment answered, the commenter's record, the rule's reason."""

    # Logged out: the login page, then back here; logged in without the permission: a 403.
    permission_required = MODERATE
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
