"""Comments under an essay: posting through the form, threads, pages, permalinks, editing,
feeds — as readers, guests and account holders see them."""

import re
import time
from datetime import timedelta

import feedparser
import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.forms import REMEMBER_COOKIE
from comments.models import Comment, ModerationAction
from comments.moderation import form_token
from comments.threads import Thread
from reviews.models import Article
from tests.factories import ArticleFactory, CommentFactory, UserFactory
from tests.html import assertInHTML, elements

pytestmark = pytest.mark.django_db

Status = Comment.Status


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def essay(db):
    return ArticleFactory(title="Heat, and the diner scene")


def form_data(article, **fields):
    data = {
        "name": "Ann Guest",
        "email": "ann@example.org",
        "website": "",
        "body": "The diner scene is all *reverse shots*.",
        "started": form_token(article, at=time.time() - 60),
    }
    data.update(fields)
    return data


def post_url(article):
    return f"/essays/{article.slug}/comments/"


def comments_html(response):
    return comments_html_of(response.content.decode())


def comments_html_of(page):
    """The page from the comments section on: a slice for substring checks, not valid HTML
    (parsed checks take the whole page)."""
    return page[page.index('id="comments"') :]


class TestPostingAsAGuest:
    def test_a_held_comment_is_shown_to_its_author_only(self, client, essay):
        response = client.post(post_url(essay), form_data(essay))
        comment = Comment.objects.get()
        assert comment.status == Status.PENDING
        assert response.status_code == 302
        assert response["Location"] == f"{essay.get_absolute_url()}#comment-{comment.pk}"

        page = client.get(essay.get_absolute_url())
        assert "Your comment is awaiting moderation" in page.content.decode()
        assert "reverse shots" in comments_html(page)

        stranger = client.__class__()
        assert "reverse shots" not in comments_html(stranger.get(essay.get_absolute_url()))

    def test_invalid_input_shows_the_form_again_and_stores_nothing(self, client, essay):
        response = client.post(post_url(essay), form_data(essay, email="not-an-email", body=""))
        assert response.status_code == 400
        assert not Comment.objects.exists()
        html = response.content.decode()
        assert "Enter a valid email address." in html
        assert 'value="Ann Guest"' in html

    def test_a_closed_essay_refuses_with_a_message(self, client, essay):
        essay.comments_open = False
        essay.save()
        page = client.get(essay.get_absolute_url())
        assert "Comments are closed on this essay." in comments_html(page)
        assert 'id="comment-form"' not in page.content.decode()

        response = client.post(post_url(essay), form_data(essay))
        assert response.status_code == 403
        assert "Comments are closed on this essay." in response.content.decode()
        assert not Comment.objects.exists()

    def test_too_many_comments_get_429_and_nothing_is_stored(self, client, essay):
        for n in range(5):
            client.post(post_url(essay), form_data(essay, body=f"Point {n}"))
        response = client.post(post_url(essay), form_data(essay, body="One more"))
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert "more than 5 comments in a minute" in response.content.decode()
        assert Comment.objects.count() == 5

    def test_an_unpublished_essay_takes_no_comments(self, client):
        draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
        assert client.post(post_url(draft), form_data(draft)).status_code == 404

    def test_other_methods_are_not_allowed(self, client, essay):
        # A GET is sent to the form (tests/test_comment_submissions.py); PUT and the like are not.
        assert client.put(post_url(essay)).status_code == 405


class TestRememberMe:
    def test_details_are_kept_only_when_asked(self, client, essay):
        client.post(post_url(essay), form_data(essay))
        assert REMEMBER_COOKIE not in client.cookies

        client.post(
            post_url(essay), form_data(essay, remember="on", website="https://ann.example.org")
        )
        assert client.cookies[REMEMBER_COOKIE]["httponly"]
        html = comments_html(client.get(essay.get_absolute_url()))
        assert 'value="Ann Guest"' in html
        assert 'value="https://ann.example.org"' in html

    def test_the_cookie_is_as_secure_as_the_session(self, client, essay, settings):
        settings.SESSION_COOKIE_SECURE = True
        client.post(post_url(essay), form_data(essay, remember="on"))
        assert client.cookies[REMEMBER_COOKIE]["secure"]

    def test_posting_without_the_box_forgets_them(self, client, essay):
        client.post(post_url(essay), form_data(essay, remember="on"))
        client.post(post_url(essay), form_data(essay, body="Second thought"))
        assert client.cookies[REMEMBER_COOKIE].value == ""

    def test_an_altered_cookie_is_ignored(self, client, essay):
        client.cookies[REMEMBER_COOKIE] = "forged"
        assert 'value="forged"' not in client.get(essay.get_absolute_url()).content.decode()


class TestPostingWithAnAccount:
    def test_the_form_names_the_account_and_asks_nothing_else(self, client, essay):
        member = UserFactory(display_name="Ida Lupino")
        client.force_login(member)
        html = comments_html(client.get(essay.get_absolute_url()))
        assert "You are commenting as <strong>Ida Lupino</strong>" in html
        assert 'name="email"' not in html and 'name="remember"' not in html

        client.post(
            post_url(essay), {"body": "Hello", "started": form_token(essay, at=time.time() - 60)}
        )
        comment = Comment.objects.get()
        assert comment.user == member and comment.author_name == "Ida Lupino"


class TestReplies:
    def test_the_reply_link_works_without_javascript(self, client, essay):
        parent = CommentFactory(article=essay, author_name="Bo")
        html = comments_html(client.get(f"{essay.get_absolute_url()}?replyto={parent.pk}"))
        assert "Reply to Bo" in html
        assert f'name="parent" value="{parent.pk}"' in html

        client.post(post_url(essay), form_data(essay, parent=parent.pk))
        assert Comment.objects.get(author_name="Ann Guest").parent == parent

    def test_a_reply_to_a_comment_not_shown_is_refused(self, client, essay):
        hidden = CommentFactory(article=essay, status=Status.SPAM)
        response = client.post(post_url(essay), form_data(essay, parent=hidden.pk))
        assert response.status_code == 400
        assert not Comment.objects.filter(parent=hidden).exists()


class TestThreads:
    def test_replies_deeper_than_the_limit_are_shown_at_the_deepest_level(self, settings, essay):
        settings.COMMENTS_MAX_DEPTH = 3
        chain = [CommentFactory(article=essay)]
        for _ in range(4):
            chain.append(CommentFactory(article=essay, parent=chain[-1]))
        thread = Thread(essay)
        assert [thread.nodes[c.pk].depth for c in chain] == [1, 2, 3, 3, 3]
        third = thread.nodes[chain[2].pk]
        assert [node.comment for node in third.children] == []
        second = thread.nodes[chain[1].pk]
        assert [node.comment for node in second.children] == chain[2:]
        assert thread.nodes[chain[3].pk].reply_to == chain[2]

    def test_threads_are_oldest_first(self, client, essay):
        now = timezone.now()
        later = CommentFactory(article=essay, body="Betaline", submitted_at=now)
        CommentFactory(article=essay, body="Alphaline", submitted_at=now - timedelta(hours=1))
        CommentFactory(
            article=essay, parent=later, body="Gammaline", submitted_at=now + timedelta(minutes=1)
        )
        html = comments_html(client.get(essay.get_absolute_url()))
        assert html.index("Alphaline") < html.index("Betaline") < html.index("Gammaline")

    def test_a_deleted_or_removed_comment_with_replies_leaves_a_placeholder(self, client, essay):
        deleted = CommentFactory(article=essay, is_deleted=True, body="")
        CommentFactory(article=essay, parent=deleted, body="Answer to the deleted")
        removed = CommentFactory(article=essay, status=Status.REMOVED, body="Rude words")
        CommentFactory(article=essay, parent=removed, body="Answer to the removed")
        CommentFactory(article=essay, status=Status.SPAM, body="Lonely spam")
        html = comments_html(client.get(essay.get_absolute_url()))
        assert "This comment was deleted by its author." in html
        assert "This comment was removed." in html
        assert "Rude words" not in html and "Lonely spam" not in html
        assert "2 comments" in html

    def test_top_level_threads_are_paginated(self, client, settings, essay):
        settings.COMMENTS_PER_PAGE = 2
        threads = [CommentFactory(article=essay, body=f"Thread number {n}") for n in range(5)]
        CommentFactory(article=essay, parent=threads[0], body="A reply on page one")
        first = comments_html(client.get(essay.get_absolute_url()))
        assert "Thread number 1" in first and "A reply on page one" in first
        assert "Thread number 2" not in first
        assert "Page 1 of 3" in first
        third = comments_html(client.get(f"{essay.get_absolute_url()}?cpage=3"))
        assert "Thread number 4" in third and "Thread number 0" not in third
        odd = client.get(f"{essay.get_absolute_url()}?cpage=oops")
        assert odd.status_code == 200 and "Thread number 0" in comments_html(odd)
        past_the_end = comments_html(client.get(f"{essay.get_absolute_url()}?cpage=9"))
        assert "Page 3 of 3" in past_the_end and "Thread number 4" in past_the_end
        before_the_start = comments_html(client.get(f"{essay.get_absolute_url()}?cpage=0"))
        assert "Page 3 of 3" in before_the_start  # as Django's paginators answer

    def test_a_hidden_first_comment_with_a_public_reply_holds_its_place_in_the_pages(
        self, client, settings, essay
    ):
        settings.COMMENTS_PER_PAGE = 2
        removed = CommentFactory(article=essay, status=Status.REMOVED, body="Removed opener")
        CommentFactory(article=essay, parent=removed, body="The reply that keeps it")
        CommentFactory(article=essay, status=Status.REMOVED, body="Removed, unanswered")
        CommentFactory(article=essay, body="Second thread")
        CommentFactory(article=essay, body="Third thread")
        first = comments_html(client.get(essay.get_absolute_url()))
        assert "This comment was removed." in first and "The reply that keeps it" in first
        assert "Second thread" in first and "Third thread" not in first
        assert "Removed opener" not in first and "Removed, unanswered" not in first
        assert "Page 1 of 2" in first


class TestPermalinks:
    def test_a_permalink_finds_the_page_and_the_anchor(self, client, settings, essay):
        settings.COMMENTS_PER_PAGE = 2
        threads = [CommentFactory(article=essay) for _ in range(5)]
        reply = CommentFactory(article=essay, parent=threads[4])
        response = client.get(f"/comments/{reply.pk}/")
        assert response.status_code == 302
        assert response["Location"] == f"{essay.get_absolute_url()}?cpage=3#comment-{reply.pk}"
        first = client.get(threads[0].get_absolute_url())
        assert first["Location"] == f"{essay.get_absolute_url()}#comment-{threads[0].pk}"

    def test_a_hidden_comment_has_no_public_permalink(self, client, essay):
        spam = CommentFactory(article=essay, status=Status.SPAM)
        assert client.get(spam.get_absolute_url()).status_code == 404
        assert client.get("/comments/999999/").status_code == 404

    def test_a_moderator_is_sent_to_the_queue_for_a_hidden_comment(self, client, essay):
        pending = CommentFactory(article=essay, status=Status.PENDING)
        client.force_login(UserFactory(groups=["Moderators"]))
        response = client.get(pending.get_absolute_url())
        assert response["Location"].startswith("/moderation/?status=pending")


class TestDisplay:
    def test_markup_and_script_in_name_website_and_body_are_inert(self, client, essay):
        CommentFactory(
            article=essay,
            author_name='<script>alert("name")</script>',
            author_website='https://example.org/"><script>alert(1)</script>',
            body='<script>alert("body")</script> <img src=x onerror=alert(2)>',
        )
        html = comments_html(client.get(essay.get_absolute_url()))
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in html
        assert '"><script>' not in html

    def test_a_guest_name_links_to_their_website_without_endorsement(self, client, essay):
        CommentFactory(article=essay, author_name="Bo", author_website="https://bo.example.org")
        page = client.get(essay.get_absolute_url()).content.decode()
        assertInHTML('<a href="https://bo.example.org" rel="nofollow ugc noopener">Bo</a>', page)

    def test_the_essays_author_gets_a_badge_and_an_edit_a_marker(self, client, essay):
        author = essay.authors.get()
        CommentFactory(article=essay, user=author, author_name="The Critic")
        CommentFactory(article=essay, author_name="Reader", edited_at=timezone.now())
        page = client.get(essay.get_absolute_url()).content.decode()
        assertInHTML('<span class="comment__badge">Author</span>', page, count=1)
        assert len(elements(page, "span", class_="comment__edited")) == 1

    def test_spoilers_are_hidden_until_revealed(self, client, essay):
        CommentFactory(article=essay, body="It ends ||in the rain||.")
        page = client.get(essay.get_absolute_url()).content.decode()
        html = comments_html_of(page)
        assertInHTML('<span class="spoiler">in the rain</span>', page)
        assert 'class="comment__spoiler-toggle"' in html
        assert ">Show spoilers</label>" in html

    def test_guests_get_a_drawn_avatar_and_no_third_party_request(self, client, essay):
        comment = CommentFactory(article=essay)
        html = comments_html(client.get(essay.get_absolute_url()))
        avatar = re.search(r'<img class="comment__avatar" src="([^"]+)"', html).group(1)
        assert avatar == f"/comments/avatars/{comment.identicon_digest}.svg"
        assert "ann@" not in avatar and "gravatar" not in html
        response = client.get(avatar)
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")
        assert client.get("/comments/avatars/not-a-digest.svg").status_code == 404

    def test_a_social_login_shows_the_stored_copy_of_its_picture(self, client, essay, tmp_path):
        from django.core.files.base import ContentFile

        from accounts.models import SocialPicture

        with override_settings(MEDIA_ROOT=tmp_path):
            ann, bo = UserFactory.create_batch(2)
            account = SocialAccount.objects.create(user=ann, provider="github", uid="ann")
            picture = SocialPicture(account=account, source_url="https://pic.example/ann")
            picture.image.save("ann.png", ContentFile(b"png"))
            for user in (ann, bo, ann):
                CommentFactory(article=essay, user=user, author_name=user.get_display_name())
            html = comments_html(client.get(essay.get_absolute_url()))
        assert html.count(f'src="{picture.image.url}"') == 2
        assert html.count('src="/comments/avatars/') == 1  # bo has no social identity
        assert "pic.example" not in html

    def test_each_essay_keeps_the_count_of_comments_readers_see(self, essay):
        CommentFactory.create_batch(3, article=essay)
        CommentFactory(article=essay, status=Status.PENDING)
        CommentFactory(article=essay, is_deleted=True)
        quiet = ArticleFactory()
        counts = dict(Article.objects.values_list("pk", "comment_count"))
        assert counts[essay.pk] == 3
        assert not counts[quiet.pk]


class TestQueryCount:
    def make_thread(self, article, size):
        """``size`` comments: threads of three, a third of them by accounts."""
        users = [UserFactory() for _ in range(3)]
        for n in range(size // 3):
            root = CommentFactory(article=article)
            reply = CommentFactory(article=article, parent=root, user=users[n % 3])
            CommentFactory(article=article, parent=reply)

    def queries_for(self, client, article):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        return len(queries), response

    @pytest.mark.parametrize("signed_in", [False, True])
    def test_the_essay_page_needs_the_same_queries_for_30_or_300_comments(
        self, client, settings, signed_in, django_assert_num_queries, uncached_pages
    ):
        settings.COMMENTS_PER_PAGE = 500
        small, large = ArticleFactory(), ArticleFactory()
        self.make_thread(small, 30)
        self.make_thread(large, 300)
        if signed_in:
            client.force_login(UserFactory())
        client.get(small.get_absolute_url())  # creates the moderation settings row once
        small_count, _ = self.queries_for(client, small)
        with django_assert_num_queries(small_count):
            response = client.get(large.get_absolute_url())
        assert comments_html(response).count('class="comment__card"') == 300


class TestEditing:
    @pytest.fixture
    def member(self, client):
        member = UserFactory()
        client.force_login(member)
        return member

    def test_an_author_may_edit_within_the_window(self, client, member, essay):
        comment = CommentFactory(article=essay, user=member, body="Frist")
        response = client.post(f"/comments/{comment.pk}/edit/", {"body": "First, *properly*"})
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.body_html == "<p>First, <em>properly</em></p>"
        assert comment.edited_at is not None and comment.status == Status.APPROVED
        assert comment.moderation_actions.get().action == ModerationAction.Action.EDIT

    def test_the_window_closes_after_fifteen_minutes(self, client, member, essay):
        comment = CommentFactory(
            article=essay, user=member, submitted_at=timezone.now() - timedelta(minutes=16)
        )
        response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Too late"})
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.body != "Too late"
        html = comments_html(client.get(essay.get_absolute_url()))
        assert f'href="/comments/{comment.pk}/edit/"' not in html
        assert f'href="/comments/{comment.pk}/delete/"' in html

    def test_an_approved_comment_that_gains_links_goes_back_to_moderation(
        self, client, member, essay
    ):
        comment = CommentFactory(article=essay, user=member, body="See the trailer.")
        client.post(
            f"/comments/{comment.pk}/edit/", {"body": "See https://trailer.example.org now."}
        )
        comment.refresh_from_db()
        assert comment.status == Status.PENDING
        assert comment.reason_code == Comment.Reason.EDITED
        assert "added links (0 before, 1 now)" in comment.reason
        assert "awaiting moderation" in client.get(essay.get_absolute_url()).content.decode()

    def test_spam_looks_to_its_author_like_a_waiting_comment_with_nothing_to_click(
        self, client, member, essay
    ):
        comment = CommentFactory(article=essay, user=member, body="Buy now", status=Status.SPAM)
        html = comments_html(client.get(essay.get_absolute_url()))
        assert "Buy now" in html and "awaiting moderation" in html
        assert f"/comments/{comment.pk}/edit/" not in html
        assert f"/comments/{comment.pk}/delete/" not in html

    def test_no_one_edits_anothers_comment_and_guests_cannot_edit(self, client, member, essay):
        theirs = CommentFactory(article=essay, user=UserFactory())
        assert client.post(f"/comments/{theirs.pk}/edit/", {"body": "Mine now"}).status_code == 404
        client.logout()
        response = client.get(f"/comments/{theirs.pk}/edit/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestDeleting:
    def test_a_comment_with_replies_stays_as_deleted(self, client, essay):
        member = UserFactory()
        client.force_login(member)
        comment = CommentFactory(article=essay, user=member, body="Regrettable")
        CommentFactory(article=essay, parent=comment, body="A reply")
        assert client.post(f"/comments/{comment.pk}/delete/").status_code == 302
        comment.refresh_from_db()
        assert comment.is_deleted and comment.body == ""
        html = comments_html(client.get(essay.get_absolute_url()))
        assert "This comment was deleted by its author." in html and "Regrettable" not in html
        assert "A reply" in html

    def test_a_comment_without_replies_is_gone_and_the_deletion_recorded(self, client, essay):
        member = UserFactory()
        client.force_login(member)
        comment = CommentFactory(article=essay, user=member)
        confirm = client.get(f"/comments/{comment.pk}/delete/")
        assert "Delete your comment?" in confirm.content.decode()
        client.post(f"/comments/{comment.pk}/delete/")
        assert not Comment.objects.filter(pk=comment.pk).exists()
        action = ModerationAction.objects.get()
        assert action.action == ModerationAction.Action.DELETE and action.comment is None


class TestFeeds:
    def test_the_site_feed_lists_approved_comments_on_published_essays(self, client, essay):
        CommentFactory(article=essay, author_name="Shown", body="Visible ||twist||")
        CommentFactory(article=essay, author_name="Held", status=Status.PENDING)
        draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
        CommentFactory(article=draft, author_name="On a draft")
        feed = feedparser.parse(client.get("/comments/feed/").content)
        assert [entry.title for entry in feed.entries] == ["Shown on “Heat, and the diner scene”"]
        assert "twist" not in feed.entries[0].description

    def test_an_essay_feed_lists_only_that_essays_comments(self, client, essay):
        CommentFactory(article=essay, author_name="Here")
        CommentFactory(author_name="Elsewhere")
        response = client.get(f"/essays/{essay.slug}/comments/feed/")
        feed = feedparser.parse(response.content)
        assert [entry.author for entry in feed.entries] == ["Here"]
        here = Comment.objects.get(author_name="Here")
        assert feed.entries[0].link.endswith(f"/comments/{here.pk}/")
        assert client.get("/essays/no-such-essay/comments/feed/").status_code == 404


def social_commenter(essay, provider, uid):
    reader = UserFactory()
    SocialAccount.objects.create(user=reader, provider=provider, uid=uid)
    return CommentFactory(article=essay, user=reader, author_name=f"Reader {uid}")


def test_a_social_identity_shows_its_providers_mark_beside_its_name(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"APPS": [{"client_id": "id", "secret": "secret", "key": ""}]}
    }
    essay = ArticleFactory()
    social_commenter(essay, "github", "1")
    CommentFactory(article=essay, author_name="A guest")
    html = client.get(essay.get_absolute_url()).content.decode()
    assert html.count('class="comment__provider"') == 1
    assert 'alt="(GitHub)" title="Signed in with GitHub"' in html
    assert "img/providers/github" in html


def test_provider_marks_cost_no_query_per_comment(client):
    essay = ArticleFactory()
    social_commenter(essay, "github", "1")
    client.get(essay.get_absolute_url())  # the first view also fills caches
    with CaptureQueriesContext(connection) as one:
        client.get(essay.get_absolute_url())
    for uid in ("2", "3", "4"):
        social_commenter(essay, "github", uid)
    with CaptureQueriesContext(connection) as four:
        html = client.get(essay.get_absolute_url()).content.decode()
    assert html.count('class="comment__provider"') == 4
    assert len(four) == len(one)
