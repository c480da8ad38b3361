from urllib.parse import urlsplit

from django.conf import settings


def sync_site(**kwargs):
    """Keep the sites framework's record (used by allauth's emails and Django's syndication)
    in step with SITE_URL and SITE_NAME, so no page or email ever says example.com."""
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )
