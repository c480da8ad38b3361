"""Login addresses of providers the site has not been set up for answer 404, not 500.

Every provider allauth knows is installed, so its addresses exist; only those configured (see
``config/social.py``) are offered. A visitor who types or replays the address of another one
reaches a view that finds no app to log in with: that is a page that does not exist here.
"""

from allauth.socialaccount.models import SocialApp
from django.http import Http404


class UnconfiguredProviderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SocialApp.DoesNotExist):
            raise Http404("No such way to log in.") from exception
        return None
