"""Two small guards that every response goes through."""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte anywhere in the path or the query string.

    No address on this site holds one, and PostgreSQL refuses NUL in text, so letting it reach
    a query (a slug, a search, an admin filter) would turn a typo or a probe into a 500.
    Checking here, once, covers every view, the admin's included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("PATH_INFO", "") + request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(raw):
            raise BadRequest("NUL byte in the address.")
        return self.get_response(request)


class PolicyHeadersMiddleware:
    """Headers Django has no setting for: ``Permissions-Policy`` (the site uses no camera,
    microphone, location or the like, so embedded players cannot ask for them either) and
    ``Cross-Origin-Resource-Policy`` (other sites may not embed our responses)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response
