"""The page cache and its headers: what readers without personal cookies share, what never
gets shared, and how a change reaches every cached page at once."""

import time
from datetime import UTC, datetime, timedelta
from gzip import decompress as gunzip

import pytest
from django.db import connection
from django.http import HttpResponse
from django.middleware import gzip as gzip_middleware
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.forms import REMEMBER_COOKIE
from comments.models import Comment, ModerationAction, ModerationSettings
from comments.moderation import form_token
from config import pagecache
from tests.factories import ArticleFactory, CommentFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def essay(db):
    # Created on first read otherwise, and a new row makes the pages stale once.
    ModerationSettings.load()
    return ArticleFactory(title="Heat, and the diner scene")


@pytest.fixture
def moderator(db):
    return UserFactory(groups=["Moderators"], is_staff=True)


def html(response):
    return response.content.decode()


def vary(response):
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


class TestSharedPages:
    def test_an_anonymous_essay_page_sets_no_cookie_and_does_not_vary_on_cookie(
        self, client, essay
    ):
        response = client.get(essay.get_absolute_url())
        assert response.status_code == 200
        assert not response.cookies
        assert "cookie" not in vary(response)

    def test_an_anonymous_page_says_how_long_a_proxy_may_keep_it(self, client, essay, settings):
        response = client.get(essay.get_absolute_url())
        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        assert f"s-maxage={settings.PAGE_CACHE_PROXY_SECONDS}" in cache_control
        assert "stale-while-revalidate" in cache_control
        assert response["ETag"]
        assert response["Last-Modified"]

    def test_the_second_anonymous_request_is_served_from_the_cache_without_queries(
        self, client, essay, django_assert_num_queries
    ):
        first = client.get(essay.get_absolute_url())
        with django_assert_num_queries(0):
            second = client.get(essay.get_absolute_url())
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]

    def test_a_browser_that_accepts_gzip_gets_the_copy_compressed_once(
        self, client, essay, monkeypatch
    ):
        gzip = {"Accept-Encoding": "gzip, deflate, br"}
        plain = client.get(essay.get_absolute_url())
        first = client.get(essay.get_absolute_url(), headers=gzip)
        compressions = []
        compress = gzip_middleware.compress_string
        monkeypatch.setattr(
            gzip_middleware,
            "compress_string",
            lambda *args, **kwargs: compressions.append(1) or compress(*args, **kwargs),
        )
        second = client.get(essay.get_absolute_url(), headers=gzip)
        assert second["X-Page-Cache"] == "hit" and second["Content-Encoding"] == "gzip"
        assert compressions == []
        assert gunzip(second.content) == gunzip(first.content)
        assert "Heat, and the diner scene" in gunzip(second.content).decode()
        assert second["ETag"] == first["ETag"] != plain["ETag"]
        assert "accept-encoding" in vary(second)

    def test_a_browser_without_gzip_never_gets_the_compressed_copy(self, client, essay):
        client.get(essay.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
        for cache in ("miss", "hit"):
            response = client.get(essay.get_absolute_url())
            assert response["X-Page-Cache"] == cache
            assert "Content-Encoding" not in response
            assert "Heat, and the diner scene" in html(response)

    @pytest.mark.parametrize("path", ["essay", "/", "/feed/", "essay-feed"])
    def test_a_conditional_get_is_answered_not_modified(self, client, essay, path):
        address = {
            "essay": essay.get_absolute_url(),
            "essay-feed": f"/essays/{essay.slug}/comments/feed/",
        }.get(path, path)
        first = client.get(address)
        assert first.status_code == 200
        by_etag = client.get(address, headers={"If-None-Match": first["ETag"]})
        by_date = client.get(address, headers={"If-Modified-Since": first["Last-Modified"]})
        assert by_etag.status_code == 304
        assert by_date.status_code == 304

    def test_the_comment_form_on_a_shared_page_carries_no_csrf_token(self, client, essay):
        html = client.get(essay.get_absolute_url()).content.decode()
        assert 'id="comment-form"' in html
        assert "csrfmiddlewaretoken" not in html


class TestFreshness:
    def test_approving_a_comment_refreshes_the_essay_and_its_lists(self, client, essay, moderator):
        comment = CommentFactory(article=essay, status=Comment.Status.PENDING, body="Held back")
        assert "Held back" not in client.get(essay.get_absolute_url()).content.decode()
        home_before = client.get("/")
        comment.moderate(ModerationAction.Action.APPROVE, moderator=moderator)
        page = client.get(essay.get_absolute_url())
        assert page["X-Page-Cache"] == "miss"
        assert "Held back" in page.content.decode()
        home = client.get("/", headers={"If-None-Match": home_before["ETag"]})
        assert home.status_code in (200, 304)
        assert home["X-Page-Cache"] == "miss"

    def test_removing_a_comment_takes_it_off_the_cached_page(self, client, essay, moderator):
        comment = CommentFactory(article=essay, body="Soon removed")
        assert "Soon removed" in client.get(essay.get_absolute_url()).content.decode()
        comment.moderate(ModerationAction.Action.REMOVE, moderator=moderator)
        assert "Soon removed" not in client.get(essay.get_absolute_url()).content.decode()

    def test_editing_an_essay_refreshes_its_page_and_feed(self, client, essay):
        client.get(essay.get_absolute_url())
        client.get("/feed/")
        essay.title = "Heat, revised"
        essay.save()
        assert "Heat, revised" in client.get(essay.get_absolute_url()).content.decode()
        assert "Heat, revised" in client.get("/feed/").content.decode()

    def test_a_scheduled_essay_appears_when_its_time_comes(self, client, monkeypatch):
        ArticleFactory(title="Already out")
        due = timezone.now() + timedelta(hours=1)
        ArticleFactory(title="Coming at noon", status="scheduled", publish_at=due)
        assert "Coming at noon" not in client.get("/").content.decode()
        later = time.time() + 2 * 3600
        monkeypatch.setattr(pagecache.time, "time", lambda: later)
        then = datetime.fromtimestamp(later, UTC)
        monkeypatch.setattr("django.utils.timezone.now", lambda: then)
        assert "Coming at noon" in client.get("/").content.decode()

    def test_a_scheduled_essay_still_appears_after_other_changes_in_between(
        self, client, monkeypatch
    ):
        due = timezone.now() + timedelta(hours=1)
        ArticleFactory(title="Coming at noon", status="scheduled", publish_at=due)
        CommentFactory(article=ArticleFactory(title="Already out"))
        TagFactory()
        later = time.time() + 2 * 3600
        monkeypatch.setattr(pagecache.time, "time", lambda: later)
        then = datetime.fromtimestamp(later, UTC)
        monkeypatch.setattr("django.utils.timezone.now", lambda: then)
        assert "Coming at noon" in client.get("/").content.decode()

    def test_only_an_essay_s_change_asks_for_the_next_scheduled_one(self, essay):
        def asked(change):
            with CaptureQueriesContext(connection) as queries:
                change()
            return any('MIN("reviews_article"."publish_at")' in q["sql"] for q in queries)

        assert not asked(lambda: CommentFactory(article=essay))
        assert not asked(TagFactory)
        assert asked(essay.save)

    def test_a_new_version_is_newer_than_the_last(self):
        first = pagecache.bump()
        assert pagecache.bump() > first
        assert pagecache.content_version() >= first

    def test_a_page_asks_the_cache_for_the_version_once(self, client, essay, monkeypatch):
        client.force_login(UserFactory())
        client.get(essay.get_absolute_url())
        store, reads = pagecache.page_cache(), []
        get_many = store.get_many
        monkeypatch.setattr(store, "get_many", lambda keys: reads.append(keys) or get_many(keys))
        # Rendered for this reader, the page takes the essay, its related essays and the
        # moderation settings from beside the cached pages, all under the one version.
        assert client.get(essay.get_absolute_url()).status_code == 200
        assert reads == [[pagecache.VERSION_KEY, pagecache.DUE_KEY]]

    def test_a_change_within_a_request_moves_its_version_on(self, rf, essay):
        def view(request):
            before = pagecache.content_version()
            essay.save()
            return HttpResponse(f"{pagecache.content_version() > before}")

        assert pagecache.PageCacheMiddleware(view)(rf.post("/")).content == b"True"

    def test_a_bulk_change_bumps_the_version_once_at_its_end(self, client, essay, monkeypatch):
        client.get(essay.get_absolute_url())
        bumps = []
        real_bump = pagecache.bump
        monkeypatch.setattr(pagecache, "bump", lambda: bumps.append(1) or real_bump())
        with pagecache.one_bump():
            for n in range(3):
                ArticleFactory(title=f"Imported {n}")
            essay.title = "Heat, imported again"
            essay.save()
            assert bumps == []
        assert bumps
        assert "Heat, imported again" in client.get(essay.get_absolute_url()).content.decode()


class TestPersonalPages:
    def test_a_signed_in_reader_never_gets_the_shared_page(self, client, essay):
        client.get(essay.get_absolute_url())  # cached for everyone
        reader = UserFactory(display_name="Rita Reader")
        client.force_login(reader)
        response = client.get(essay.get_absolute_url())
        assert "X-Page-Cache" not in response
        assert "Rita Reader" in response.content.decode()
        assert "private" in response["Cache-Control"]

    def test_a_signed_in_readers_page_is_never_shared(self, essay):
        reader = UserFactory(display_name="Rita Reader")
        signed_in = Client()
        signed_in.force_login(reader)
        signed_in.get(essay.get_absolute_url())
        anonymous = Client().get(essay.get_absolute_url())
        assert anonymous["X-Page-Cache"] == "miss"
        assert "Rita Reader" not in anonymous.content.decode()

    @pytest.mark.parametrize("role", ["Editors", "Moderators"])
    def test_editors_and_moderators_get_their_own_pages(self, essay, role):
        staff = UserFactory(groups=[role], is_staff=True)
        Client().get(essay.get_absolute_url())
        signed_in = Client()
        signed_in.force_login(staff)
        response = signed_in.get(essay.get_absolute_url())
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]

    def test_a_guest_with_a_comment_awaiting_moderation_sees_it_and_nobody_else_does(self, essay):
        Client().get(essay.get_absolute_url())
        guest = Client()
        guest.post(
            f"/essays/{essay.slug}/comments/",
            {
                "name": "Ann Guest",
                "email": "ann@example.org",
                "body": "My first comment here.",
                "started": form_token(essay, at=time.time() - 60),
                "remember": "",
            },
        )
        own = guest.get(essay.get_absolute_url())
        assert "My first comment here." in own.content.decode()
        assert "X-Page-Cache" not in own
        assert "private" in own["Cache-Control"]
        other = Client().get(essay.get_absolute_url())
        assert "My first comment here." not in other.content.decode()

    def test_remembered_commenter_details_get_a_page_of_their_own(self, client, essay):
        client.get(essay.get_absolute_url())
        remembered = Client()
        remembered.post(
            f"/essays/{essay.slug}/comments/",
            {
                "name": "Remembered Rosa",
                "email": "rosa@example.org",
                "body": "Keep my details.",
                "started": form_token(essay, at=time.time() - 60),
                "remember": "on",
            },
        )
        assert REMEMBER_COOKIE in remembered.cookies
        remembered.cookies.pop("sessionid", None)
        response = remembered.get(essay.get_absolute_url())
        assert "X-Page-Cache" not in response
        assert "Remembered Rosa" in response.content.decode()
        assert "Remembered Rosa" not in Client().get(essay.get_absolute_url()).content.decode()


class TestCommentingOnACachedPage:
    def post(self, essay, **headers):
        client = Client(enforce_csrf_checks=True)
        return client.post(
            f"/essays/{essay.slug}/comments/",
            {
                "name": "Ann Guest",
                "email": "ann@example.org",
                "body": "Posted from a cached page.",
                "started": form_token(essay, at=time.time() - 60),
            },
            headers=headers,
        )

    def test_a_same_origin_post_without_a_token_is_accepted(self, essay):
        response = self.post(essay, **{"Sec-Fetch-Site": "same-origin"})
        assert response.status_code == 302
        assert Comment.objects.filter(body="Posted from a cached page.").exists()

    def test_an_origin_header_naming_this_site_is_accepted(self, essay):
        response = self.post(essay, Origin="http://testserver")
        assert response.status_code == 302

    @pytest.mark.parametrize(
        "headers",
        [
            {"Sec-Fetch-Site": "cross-site"},
            {"Sec-Fetch-Site": "same-site"},
            {"Origin": "https://evil.example"},
            {},  # neither header, and no token either
        ],
    )
    def test_a_cross_site_or_unproven_post_is_refused(self, essay, headers):
        response = self.post(essay, **headers)
        assert response.status_code == 403
        assert not Comment.objects.exists()

    def test_the_new_essays_panel_checks_the_origin_too(self, essay):
        client = Client(enforce_csrf_checks=True)
        refused = client.post(
            "/subscriptions/new-essays/",
            {"email": "sub@example.org"},
            headers={"Origin": "https://evil.example"},
        )
        accepted = client.post(
            "/subscriptions/new-essays/",
            {"email": "sub@example.org"},
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        assert refused.status_code == 403
        assert accepted.status_code == 302


class TestPagesBehindSignedLinks:
    """They name the reader's address: never stored, never public, whoever asks."""

    def assert_kept_private(self, response):
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]

    def test_a_guest_s_data_pages_are_never_shared(self, client, essay):
        from accounts.guest_data import make_token

        CommentFactory(article=essay, author_email="guest@example.org")
        token = make_token("guest@example.org")
        self.assert_kept_private(client.get(f"/account/guest/{token}/"))
        self.assert_kept_private(client.get(f"/account/guest/{token}/my-data.json"))

    def test_the_unsubscribe_page_is_never_shared(self, client, essay):
        from comments.models import Subscription
        from comments.notifications import unsubscribe_token

        Subscription.objects.create(email="reader@example.org", kind="new_essays")
        token = unsubscribe_token("reader@example.org", ["new_essays"])
        self.assert_kept_private(client.get(f"/subscriptions/unsubscribe/{token}/"))


class TestWhatPersonalPagesShare:
    """A page rendered for one reader still takes the essay, and what else is the same for
    everyone, from beside the cached pages (config.pagecache.kept), until content changes."""

    def test_a_signed_in_reader_s_next_view_does_not_fetch_the_essay_again(self, client, essay):
        client.force_login(UserFactory())
        client.get(essay.get_absolute_url())
        with CaptureQueriesContext(connection) as again:
            response = client.get(essay.get_absolute_url())
        assert response.status_code == 200 and "Heat, and the diner scene" in html(response)
        tables = " ".join(query["sql"] for query in again.captured_queries)
        assert '"reviews_article_tags"' not in tables
        assert '"reviews_article_subject_works"' not in tables

    def test_an_edit_reaches_the_signed_in_reader_at_once(self, client, essay):
        client.force_login(UserFactory())
        client.get(essay.get_absolute_url())
        essay.title = "Heat, and the coffee shop"
        essay.save()
        assert "Heat, and the coffee shop" in html(client.get(essay.get_absolute_url()))

    def test_a_preview_of_a_draft_never_reaches_the_public_page(self, client, essay):
        draft = ArticleFactory(status="draft", title="Not yet")
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        assert client.get(f"/admin/reviews/article/{draft.pk}/preview/").status_code == 200
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert Client().get(draft.get_absolute_url()).status_code == 404

    def test_a_signed_in_reader_s_next_view_does_not_read_the_moderation_settings_again(
        self, client, essay
    ):
        client.force_login(UserFactory())
        client.get(essay.get_absolute_url())
        with CaptureQueriesContext(connection) as again:
            client.get(essay.get_absolute_url())
        tables = " ".join(query["sql"] for query in again.captured_queries)
        assert '"comments_moderationsettings"' not in tables

    def test_closing_comments_after_some_days_reaches_the_signed_in_reader_at_once(
        self, client, essay
    ):
        essay.publish_at = timezone.now() - timedelta(days=40)
        essay.save()
        client.force_login(UserFactory())
        assert 'name="body"' in html(client.get(essay.get_absolute_url()))
        moderation = ModerationSettings.load()
        moderation.close_after_days = 30
        moderation.save()
        page = html(client.get(essay.get_absolute_url()))
        assert 'name="body"' not in page
        assert "Comments close 30 days after an essay is published" in page
