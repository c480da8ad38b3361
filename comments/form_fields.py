"""The comment form's fields in Bootstrap 5's markup: the markup crispy-forms writes for them,
written here without crispy's general-purpose field template.

The comment form sits under every essay and is rendered anew for each reader the page cache
cannot serve (a signed-in reader, a guest with a comment waiting). Crispy's template spends about
4 ms on the form's eight fields, most of the form's share of the page; this does the same in a
fraction of that. Every other form keeps crispy.

Django itself adds ``required``, ``aria-invalid`` and ``aria-describedby`` (help, then errors)
to the widget, with the ids used below. The widgets themselves are written by
:class:`WidgetRenderer`, the comment form's renderer.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe

ASTERISK = mark_safe('<span class="asteriskField">*</span>')

# Bootstrap's class for each kind of widget, with crispy's marker class before it. Textarea and
# the inputs are separate classes (an EmailInput is not a TextInput), so the order is free.
WIDGET_CLASSES = {
    forms.Textarea: "textarea form-control",
    forms.EmailInput: "emailinput form-control",
    forms.URLInput: "urlinput form-control",
    forms.TextInput: "textinput form-control",
    forms.CheckboxInput: "checkboxinput form-check-input",
}


def _widget(field):
    widget = field.field.widget
    kind = next(css for cls, css in WIDGET_CLASSES.items() if isinstance(widget, cls))
    classes = " ".join(
        filter(None, [kind, widget.attrs.get("class"), field.errors and "is-invalid"])
    )
    return field.as_widget(attrs={"class": classes})


def _errors(field):
    if not field.errors:
        return ""
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field.auto_id,
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
        ),
    )


def _help(field):
    if not field.help_text:
        return ""
    return format_html(
        '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text
    )


def render_field(field):
    """One bound field of the comment form: label, widget, errors and help."""
    if isinstance(field.field.widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check">{}'
            '<label for="{}" class="form-check-label">{}</label>{}{}</div></div>',
            field.auto_id,
            _widget(field),
            field.id_for_label,
            field.label,
            _errors(field),
            _help(field),
        )
    required = field.field.required
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label>'
        "{}{}{}</div>",
        field.auto_id,
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        ASTERISK if required else "",
        _widget(field),
        _errors(field),
        _help(field),
    )


def _formatted(value):
    """``{{ value|stringformat:'s' }}``: a string, escaped unless it was marked safe."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _attributes(attrs):
    """What ``django/forms/widgets/attrs.html`` writes."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    """What ``django/forms/widgets/input.html`` writes."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attributes(widget["attrs"])}>'
    )


def _textarea(widget):
    """What ``django/forms/widgets/textarea.html`` writes."""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>'
        f"\n{value}</textarea>"
    )


WIDGET_WRITERS = {
    **{
        f"django/forms/widgets/{kind}.html": _input
        for kind in ("text", "email", "url", "number", "hidden", "checkbox", "password")
    },
    "django/forms/widgets/textarea.html": _textarea,
}


class WidgetRenderer(DjangoTemplates):
    """The comment form's renderer: its inputs and textarea written in Python, character for
    character as Django's widget templates write them (a test compares the two), in a tenth of
    the time; any other template goes to the template engine as usual.

    Ten widgets through the engine, each including ``input.html`` and ``attrs.html``, cost
    about 3 ms of an essay page that the page cache cannot serve."""

    def render(self, template_name, context, request=None):
        write = WIDGET_WRITERS.get(template_name)
        if write is None:
            return super().render(template_name, context, request=request)
        return mark_safe(write(context["widget"]))
