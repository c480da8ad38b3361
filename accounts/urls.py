from django.urls import path

from accounts import guest_data, views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("my-data.json", views.download, name="download"),
    path("delete/", views.delete, name="delete"),
    path("mastodon/", views.mastodon_login, name="mastodon-login"),
    path("guest/", guest_data.request_link, name="guest-request"),
    path("guest/<str:token>/", guest_data.guest_data, name="guest-data"),
    path("guest/<str:token>/my-data.json", guest_data.guest_download, name="guest-download"),
    path("guest/<str:token>/erase/", guest_data.guest_erase, name="guest-erase"),
]
