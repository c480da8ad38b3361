from django.conf import settings


def site(request):
    """The site's name and public address, for the header, titles and metadata."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_DESCRIPTION": settings.SITE_DESCRIPTION,
    }
