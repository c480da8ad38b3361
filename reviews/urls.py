from django.urls import path
from django.views.generic import RedirectView

from reviews import feeds, home, preview, views
from reviews.search.views import SearchView

app_name = "reviews"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    # Readers who trim an essay's address back to /essays/ land on the list of essays.
    path("essays/", RedirectView.as_view(pattern_name="reviews:home", permanent=True)),
    path("essays/<slug:slug>/", views.ArticleView.as_view(), name="article"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonView.as_view(), name="person"),
    path("works/", views.WorkListView.as_view(), name="work-list"),
    path("works/<slug:slug>/", views.WorkView.as_view(), name="work"),
    path("series/", views.SeriesListView.as_view(), name="series-list"),
    path("series/<slug:slug>/", views.SeriesView.as_view(), name="series"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<str:username>/", views.AuthorView.as_view(), name="author"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("archive/<int:year>/", views.ArchiveYearView.as_view(), name="archive-year"),
    path(
        "archive/<int:year>/<int:month>/",
        views.ArchiveMonthView.as_view(),
        name="archive-month",
    ),
    path("search/", SearchView.as_view(), name="search"),
    path("preview/<str:token>/", preview.shared_preview, name="preview"),
    path("feed/", feeds.EssayFeed(), name="feed-rss"),
    path("feed/atom/", feeds.SiteAtomFeed(), name="feed-atom"),
    path("people/<slug:slug>/feed/", feeds.PersonFeed(), name="person-feed"),
    path("people/<slug:slug>/feed/atom/", feeds.PersonAtomFeed(), name="person-feed-atom"),
    path("works/<slug:slug>/feed/", feeds.WorkFeed(), name="work-feed"),
    path("works/<slug:slug>/feed/atom/", feeds.WorkAtomFeed(), name="work-feed-atom"),
    path("series/<slug:slug>/feed/", feeds.SeriesFeed(), name="series-feed"),
    path("series/<slug:slug>/feed/atom/", feeds.SeriesAtomFeed(), name="series-feed-atom"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("authors/<str:username>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path("authors/<str:username>/feed/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
]
