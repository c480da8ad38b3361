"""Old addresses of a site moved here from WordPress keep working.

A request this site would answer with "not found" is looked up among the addresses the import
recorded (:class:`reviews.models.LegacyAddress`) and answered with a permanent redirect to
where that content lives now. WordPress's query-string addresses (``/?p=42``, ``/?page_id=7``,
``/?cat=3``, ``/?tag=noir``) land on the home page, which exists, so they are looked up first.
Date archives (``/2014/03/``) lead to this site's archive of that month or year.
"""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from reviews.models import LegacyAddress

QUERY_KEYS = ("p", "page_id", "cat", "tag")
DATE_ARCHIVE = re.compile(r"^/(\d{4})/(?:(\d{1,2})/)?(?:(\d{1,2})/)?$")


def legacy_target(path):
    """Where an old address leads now, or ``None``."""
    for row in LegacyAddress.objects.matching(path):
        target = row.get_target_url()
        if target:
            return target
    match = DATE_ARCHIVE.match(path if path.endswith("/") else path + "/")
    if match:
        year, month = int(match.group(1)), match.group(2)
        if month and 1 <= int(month) <= 12:
            return reverse("reviews:archive-month", kwargs={"year": year, "month": int(month)})
        if not month and 1900 < year < 3000:
            return reverse("reviews:archive-year", kwargs={"year": year})
    return None


class LegacyAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD")
        if reading and request.path == "/":
            for key in QUERY_KEYS:
                value = request.GET.get(key, "").strip()
                target = value and legacy_target(f"/?{key}={value}")
                if target:
                    return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if reading and response.status_code == 404:
            target = legacy_target(request.path)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
