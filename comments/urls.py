from django.urls import path

from comments import feeds
from comments.views import identities, moderators, new_essays, readers, subscriptions

app_name = "comments"

urlpatterns = [
    path("essays/<slug:slug>/comments/", readers.post, name="post"),
    path("essays/<slug:slug>/comments/login/", identities.login_with, name="login-with"),
    path(
        "essays/<slug:slug>/comments/change-identity/",
        identities.change_identity,
        name="change-identity",
    ),
    path(
        "essays/<slug:slug>/comments/feed/",
        feeds.ArticleCommentsFeed(),
        name="article-feed",
    ),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("comments/avatars/<str:digest>.svg", readers.identicon, name="identicon"),
    path("comments/<int:pk>/", readers.permalink, name="permalink"),
    path("comments/<int:pk>/edit/", readers.edit, name="edit"),
    path("comments/<int:pk>/delete/", readers.delete, name="delete"),
    path("moderation/", moderators.ModerationQueueView.as_view(), name="queue"),
    path("moderation/act/", moderators.act, name="act"),
    path("moderation/rules/", moderators.rules, name="rules"),
    path("moderation/rules/<int:pk>/delete/", moderators.delete_rule, name="delete-rule"),
    path(
        "subscriptions/new-essays/",
        new_essays.subscribe_new_essays,
        name="subscribe-new-essays",
    ),
    path(
        "subscriptions/confirm/<str:token>/",
        subscriptions.confirm_subscription,
        name="subscription-confirm",
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        subscriptions.unsubscribe_view,
        name="unsubscribe",
    ),
]
