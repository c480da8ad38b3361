"""Author profiles: the portrait and short biography readers see with an essayist's byline."""

from django.contrib import admin

from reviews.admin.common import EditingMedia, UploadsChosenAgainMixin, thumbnail
from reviews.models import AuthorProfile


@admin.register(AuthorProfile)
class AuthorProfileAdmin(UploadsChosenAgainMixin, admin.ModelAdmin):
    list_display = ["user", "has_portrait"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__display_name"]
    autocomplete_fields = ["user"]
    readonly_fields = ["portrait_thumbnail"]
    fieldsets = [
        (None, {"fields": ["user", "bio"]}),
        ("Portrait", {"fields": ["portrait", "portrait_thumbnail", "portrait_alt"]}),
    ]

    Media = EditingMedia

    def get_readonly_fields(self, request, obj=None):
        # A profile stays with the author it was made for.
        return ["user", *self.readonly_fields] if obj else self.readonly_fields

    @admin.display(description="portrait", boolean=True)
    def has_portrait(self, profile):
        return bool(profile.portrait)

    @admin.display(description="current portrait")
    def portrait_thumbnail(self, profile):
        return thumbnail(profile.portrait, profile.portrait_alt)
