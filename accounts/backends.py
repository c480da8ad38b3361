"""A user's permissions in one query.

Django's ``ModelBackend`` reads a user's own permissions and their groups' permissions with two
queries, once a request. Every page a signed-in reader opens asks one question of them (the
header's link to the moderation queue is shown to those who moderate), so this backend,
listed first in ``AUTHENTICATION_BACKENDS``, reads both in one query and leaves the set where
``ModelBackend`` (and allauth's backend, a ``ModelBackend`` too) keeps it, so they ask nothing
more.

It signs nobody in (``authenticate`` answers ``None``): Django's backend stays in the list
unchanged, since every session names the backend that signed its reader in, and a wrong
password is still checked once, not once per backend. ``get_user`` is ``ModelBackend``'s, for
a session that names this one (Django's test client signs in with the first backend listed).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class PermissionsBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            rows = permissions.values_list("content_type__app_label", "codename")
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
