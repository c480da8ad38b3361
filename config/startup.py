import sys

from django.core.exceptions import ImproperlyConfigured


def load_settings_or_exit():
    """Load settings now, so a configuration mistake stops start-up with its one sentence
    rather than a traceback from deep inside Django."""
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (touching it loads the settings module)
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")
