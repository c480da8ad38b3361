from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import URLValidator

from comments.form_fields import WidgetRenderer
from comments.models import Comment, IdentityRule, ModerationAction, ModerationSettings
from comments.moderation import form_token, form_token_expired

BODY_MAX_LENGTH = 6000
REMEMBER_COOKIE = "comment_author"
REMEMBER_SALT = "comments.remember-me"
REMEMBER_FIELDS = ("name", "email", "website")
REMEMBER_SECONDS = 60 * 60 * 24 * 365
MARKUP_HELP = (
    "*Emphasis*, **strong**, [a link](https://…), > a quote, `code`. "
    "Hide a spoiler ||like this||, or start a line with >!"
)


def remembered_author(request):
    """The guest details this browser asked us to remember, or ``{}``."""
    try:
        data = signing.loads(
            request.COOKIES[REMEMBER_COOKIE], salt=REMEMBER_SALT, max_age=REMEMBER_SECONDS
        )
    except (KeyError, signing.BadSignature):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: str(data[key]) for key in REMEMBER_FIELDS if key in data}


def remember_author(response, request, form):
    """Keep a guest's name, email and website in a signed cookie only when they asked; forget
    them when they post without ticking the box."""
    if form.cleaned_data.get("remember"):
        data = signing.dumps(
            {key: form.cleaned_data.get(key, "") for key in REMEMBER_FIELDS}, salt=REMEMBER_SALT
        )
        response.set_cookie(
            REMEMBER_COOKIE,
            data,
            max_age=REMEMBER_SECONDS,
            # It holds an email address: as private as the session, and sent as securely.
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    elif REMEMBER_COOKIE in request.COOKIES:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    return response


class CommentForm(forms.Form):
    """The comment form under an essay. A signed-in reader sees no name, email or website
    fields: their account supplies them."""

    default_renderer = WidgetRenderer()

    name = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        help_text="Never shown. Used for replies you ask for and to recognise you next time.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.URLField(
        required=False,
        max_length=300,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    body = forms.CharField(
        label="Comment",
        max_length=BODY_MAX_LENGTH,
        help_text=MARKUP_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    notify_followups = forms.BooleanField(
        label="Notify me of follow-up comments by email", required=False
    )
    notify_new_essays = forms.BooleanField(label="Notify me of new essays by email", required=False)
    remember = forms.BooleanField(
        label="Remember my name, email and website in this browser", required=False
    )
    # Robots fill in every field; people never see this one (the stylesheet hides it).
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, article, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.user = user
        if user.is_authenticated:
            for name in ("name", "website", "remember"):
                del self.fields[name]
            if user.email:
                del self.fields["email"]
            else:
                # An identity without an address (X gives none) comments without one; an
                # address is asked for only to send the notifications the reader ticks.
                self.fields["email"].required = False
                self.fields["email"].label = "Email for notifications"
                self.fields["email"].help_text = (
                    "Only if you tick a notification below. We email a confirmation link "
                    "first and send nothing else until you follow it."
                )
        if not self.is_bound:
            self.initial.setdefault("started", form_token(article))

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give a name to sign your comment with.")
        return name

    def clean_email(self):
        email = self.cleaned_data["email"]
        # A quoted local part ("<script>"@example.org) is valid in RFC 5321 but no commenter's
        # real address; it exists here only to carry markup into emails and the admin.
        if '"' in email or "\\" in email:
            raise forms.ValidationError("Enter an email address without quotation marks.")
        return email

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write a comment first.")
        return body

    def clean_started(self):
        token = self.cleaned_data["started"]
        if form_token_expired(token, self.article):
            # Shown again with a fresh token, so the reader's text is not lost.
            self.data = self.data.copy()
            self.data["started"] = form_token(self.article)
            # A non-field error: the field itself is hidden, so its own error would not show.
            self.add_error(
                None, "This form was open for a long time; check your comment and send it again."
            )
        return token

    def clean(self):
        cleaned = super().clean()
        wants_email = cleaned.get("notify_followups") or cleaned.get("notify_new_essays")
        asks_for_email = self.user.is_authenticated and "email" in self.fields
        # An address that failed its own validation already carries an error.
        missing = not cleaned.get("email") and "email" not in self.errors
        if asks_for_email and wants_email and missing:
            self.add_error("email", "Give an email address to send the notifications to.")
        return cleaned

    @property
    def notify_email(self):
        """The address a signed-in reader without one gave for notifications, or ``""``."""
        if self.user.is_authenticated and "email" in self.fields:
            return self.cleaned_data.get("email") or ""
        return ""

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.public().filter(article=self.article, pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(
                "The comment you are replying to is not on this essay or is no longer shown."
            )
        return parent


class CommentEditForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": "Comment"}
        help_texts = {"body": MARKUP_HELP}
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "maxlength": BODY_MAX_LENGTH})}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(
                "A comment cannot be empty; delete it instead if you want it gone."
            )
        if len(body) > BODY_MAX_LENGTH:
            raise forms.ValidationError(f"Keep it under {BODY_MAX_LENGTH} characters.")
        return body


QUEUE_ACTIONS = [
    (ModerationAction.Action.APPROVE, "Approve"),
    (ModerationAction.Action.SPAM, "Spam"),
    (ModerationAction.Action.REMOVE, "Remove"),
    (ModerationAction.Action.TRUST, "Trust commenter"),
    (ModerationAction.Action.BAN, "Ban commenter"),
    (ModerationAction.Action.PEND, "Back to the queue"),
]


class ModerationActionForm(forms.Form):
    """One action for one or more comments, from the queue's buttons or its bulk selection."""

    action = forms.ChoiceField(choices=[*QUEUE_ACTIONS, ("approve_reply", "Approve and reply")])
    comments = forms.ModelMultipleChoiceField(
        queryset=Comment.objects.all(),
        error_messages={"required": "Select at least one comment."},
    )
    note = forms.CharField(max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "approve_reply" and len(cleaned.get("comments") or []) != 1:
            raise forms.ValidationError("Approve and reply works on one comment at a time.")
        return cleaned


class ModerationSettingsForm(forms.ModelForm):
    class Meta:
        model = ModerationSettings
        fields = ["block_words", "hold_words", "max_links", "close_after_days"]
        widgets = {
            "block_words": forms.Textarea(attrs={"rows": 6}),
            "hold_words": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The word lists' defaults are callables; the form needs no hidden copy of them.
        for field in self.fields.values():
            field.show_hidden_initial = False


class IdentityRuleForm(forms.ModelForm):
    class Meta:
        model = IdentityRule
        fields = ["kind", "value", "note"]
        labels = {"value": "Commenter"}
