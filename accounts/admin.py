from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "email", "is_staff", "is_active", "last_login"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets[:1],
        ("Public profile", {"fields": ["display_name"]}),
        *BaseUserAdmin.fieldsets[1:],
    ]
