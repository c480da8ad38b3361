import io

from django.http import HttpResponse
from django.urls import include, path
from PIL import Image


def picture(request):
    out = io.BytesIO()
    Image.new("RGB", (120, 120), (200, 60, 40)).save(out, format="PNG")
    return HttpResponse(out.getvalue(), content_type="image/png")


urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("picture.png", picture),
    path("", include("allauth.idp.urls")),
]
