from allauth.socialaccount.models import SocialApp
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse

from accounts.models import User

# Login providers come from the environment (config.social), never from this table: an app
# added here would do nothing (accounts.adapters.SocialAccountAdapter.list_apps).
admin.site.unregister(SocialApp)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "email", "is_staff", "is_active", "last_login"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets[:1],
        ("Public profile", {"fields": ["display_name"]}),
        *BaseUserAdmin.fieldsets[1:],
    ]

    def _choosing_a_byline(self, request):
        # The essay form's author search asks this admin; staff who edit essays may use it
        # without seeing accounts (it answers with display names only, found by name).
        return request.path == reverse("admin:autocomplete") and request.user.has_perm(
            "reviews.change_article"
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or (
            obj is None and self._choosing_a_byline(request)
        )

    def get_search_fields(self, request):
        if self._choosing_a_byline(request) and not super().has_view_permission(request):
            return ["username", "display_name"]
        return super().get_search_fields(request)
