"""What each app holds about a person, exported and erased through one small registry.

``accounts`` knows nothing of the apps above it; each registers its part when it loads
(``AppConfig.ready``)::

    register_exporter("comments", export_comments)   # fn(user=…, email=…) -> JSON-able data
    register_eraser("comments", erase_comments)      # fn(user=…, email=…, keep=bool) -> None

Exporters and erasers are called with an account (``user``, ``email=None``) or, for a guest
without one, with ``user=None`` and the email address they proved they own.
"""

_exporters = {}
_erasers = {}


def register_exporter(name, function):
    _exporters[name] = function


def register_eraser(name, function):
    _erasers[name] = function


def export(*, user=None, email=None):
    data = {}
    if user is not None:
        data["profile"] = {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
        }
        data["identities"] = [
            {
                "provider": account.provider,
                "uid": account.uid,
                "name": str(account),
                "last_login": account.last_login.isoformat() if account.last_login else None,
            }
            for account in user.socialaccount_set.all()
        ]
    for name, exporter in _exporters.items():
        data[name] = exporter(user=user, email=email)
    return data


def erase(*, user=None, email=None, keep=False):
    """Let every app forget the person; ``keep`` keeps public contributions, unsigned."""
    for eraser in _erasers.values():
        eraser(user=user, email=email, keep=keep)
    if user is not None:
        user.delete()
