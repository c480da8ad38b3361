from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("my-data.json", views.download, name="download"),
    path("delete/", views.delete, name="delete"),
    path("mastodon/", views.mastodon_login, name="mastodon-login"),
]
