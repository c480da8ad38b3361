from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the name readers will see on comments."""

    display_name = forms.CharField(
        max_length=150,
        label="Display name",
        help_text="Shown with your comments.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def save(self, request):
        user = super().save(request)
        user.display_name = " ".join(self.cleaned_data["display_name"].split())
        user.save(update_fields=["display_name"])
        return user


class DeleteAccountForm(forms.Form):
    COMMENTS_CHOICES = [
        ("remove", "Remove my comments"),
        ("keep", "Keep my comments, signed “deleted reader”"),
    ]
    comments = forms.ChoiceField(
        label="My comments", choices=COMMENTS_CHOICES, widget=forms.RadioSelect, initial="remove"
    )
    confirm = forms.BooleanField(
        label="I understand that my account is deleted for good and cannot be restored."
    )
