"""The comment form's fields, written without crispy's template (comments.form_fields), keep the
Bootstrap markup and the accessible names, descriptions and error states the rest of the
site's forms have."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.forms.renderers import DjangoTemplates

from comments.form_fields import WidgetRenderer, render_field
from comments.forms import CommentForm
from tests.factories import ArticleFactory
from tests.html import elements

pytestmark = pytest.mark.django_db


@pytest.fixture
def essay():
    return ArticleFactory()


def guest_form(essay, data=None):
    form = CommentForm(data, article=essay, user=AnonymousUser())
    if data is not None:
        form.is_valid()
    return form


def test_a_required_field_is_labelled_marked_and_described_by_its_help(essay):
    html = render_field(guest_form(essay)["email"])
    assert elements(html, "label", **{"for": "id_email", "class": "requiredField"})
    assert elements(html, "span", **{"class": "asteriskField"})
    (field,) = elements(html, "input", id="id_email", type="email")
    assert field["class"] == "emailinput form-control"
    assert "required" in field
    assert field["aria-describedby"] == "id_email_helptext"
    assert elements(html, "div", id="id_email_helptext", **{"class": "form-text"})


def test_a_field_in_error_says_so_and_points_to_its_message(essay):
    html = render_field(guest_form(essay, {"email": "not an address"})["email"])
    (field,) = elements(html, "input", id="id_email")
    assert field["aria-invalid"] == "true"
    assert "is-invalid" in field["class"].split()
    assert field["aria-describedby"] == "id_email_helptext id_email_error"
    assert elements(html, "div", id="id_email_error", **{"class": "invalid-feedback"})
    assert "Enter a valid email address." in html


def test_an_optional_field_has_no_asterisk(essay):
    html = render_field(guest_form(essay)["website"])
    assert not elements(html, "span", **{"class": "asteriskField"})
    assert elements(html, "input", id="id_website", type="url")


def test_a_checkbox_comes_before_its_label_in_a_form_check(essay):
    html = render_field(guest_form(essay)["notify_followups"])
    assert elements(html, "div", id="div_id_notify_followups", **{"class": "form-check"})
    (box,) = elements(html, "input", type="checkbox", id="id_notify_followups")
    assert box["class"] == "checkboxinput form-check-input"
    assert elements(html, "label", **{"for": "id_notify_followups", "class": "form-check-label"})
    assert html.index("<input") < html.index("<label")


def test_labels_and_messages_are_escaped(essay):
    form = guest_form(essay)
    form.fields["body"].label = "<b>Comment</b>"
    assert "&lt;b&gt;Comment&lt;/b&gt;" in render_field(form["body"])


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {
            "name": '"><script>alert(1)</script>',
            "email": "a&b@example.org",
            "website": "javascript:alert('x')",
            "body": "</textarea><b>bold & loud</b>",
            "parent": "12",
            "notify_followups": "on",
            "remember": "on",
            "homepage": "<i>",
            "started": "token<'\">",
        },
    ],
    ids=["unbound", "empty", "hostile"],
)
def test_the_widgets_are_written_exactly_as_djangos_templates_write_them(essay, data):
    """The form's renderer writes inputs and the textarea in Python (comments.form_fields);
    byte for byte what Django's own widget templates give for the same form."""
    form = guest_form(essay, data)
    assert isinstance(form.renderer, WidgetRenderer)
    for name in form.fields:
        ours = form[name].as_widget()
        form.renderer = DjangoTemplates()
        theirs = form[name].as_widget()
        form.renderer = form.default_renderer
        assert ours == theirs, name
