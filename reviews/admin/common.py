"""Pieces the writing desk's admins share: thumbnails, editing assets, uploads to choose again."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html

from reviews.images import responsive_image_html


def thumbnail(fieldfile, alt=""):
    if not fieldfile:
        return "—"
    if not fieldfile._committed:
        # A form that failed to save holds the chosen upload, which was never stored.
        return "Not saved: choose the file again."
    return format_html(
        '<div class="admin-thumbnail">{}</div>',
        responsive_image_html(
            fieldfile, alt, sizes="240px", loading="eager", css_class="admin-thumbnail__img"
        ),
    )


class EditingMedia:
    css = {"all": ["css/admin-editing.css"]}
    js = ["js/admin-copy-link.js"]


class UploadsChosenAgainMixin:
    """A save that fails stores none of its uploads, and browsers empty every file input when
    the form comes back; so name the good files that have to be chosen again, or they would
    quietly be left out of the next save. (A refused file has its own error on its field.)"""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # On a POST this only runs when the form is shown again, i.e. when the save failed.
        if request.method == "POST" and request.FILES:
            forms_shown = [context["adminform"].form] + [
                form for inline in context["inline_admin_formsets"] for form in inline.formset
            ]
            refused = {form.add_prefix(name) for form in forms_shown for name in form.errors}
            kept_back = [
                upload.name
                for key, uploads in request.FILES.lists()
                if key not in refused
                for upload in uploads
            ]
            if kept_back:
                self.message_user(
                    request,
                    "Nothing was saved, so no file was kept. Once the problems marked below "
                    f"are fixed, choose {', '.join(kept_back)} again before saving.",
                    messages.WARNING,
                )
        return super().render_change_form(request, context, add, change, form_url, obj)


class EssayCountMixin:
    """An "essays" column counting the essays about (or in) each row, sortable. Such admins
    keep an explicit ``ordering``: counting groups the rows."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(essays=Count("articles", distinct=True))

    @admin.display(description="essays", ordering="essays")
    def essay_count(self, obj):
        return obj.essays
