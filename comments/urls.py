from django.urls import path

from comments import feeds, views, views_subscriptions

app_name = "comments"

urlpatterns = [
    path("essays/<slug:slug>/comments/", views.post, name="post"),
    path(
        "essays/<slug:slug>/comments/feed/",
        feeds.ArticleCommentsFeed(),
        name="article-feed",
    ),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("comments/avatars/<str:digest>.svg", views.identicon, name="identicon"),
    path("comments/<int:pk>/", views.permalink, name="permalink"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("moderation/", views.ModerationQueueView.as_view(), name="queue"),
    path("moderation/act/", views.act, name="act"),
    path("moderation/rules/", views.rules, name="rules"),
    path("moderation/rules/<int:pk>/delete/", views.delete_rule, name="delete-rule"),
    path(
        "subscriptions/confirm/<str:token>/",
        views_subscriptions.confirm_subscription,
        name="subscription-confirm",
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        views_subscriptions.unsubscribe_view,
        name="unsubscribe",
    ),
]
