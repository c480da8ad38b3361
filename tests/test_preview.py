import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.utils import timezone

from reviews.preview import SALT, preview_token, read_token
from tests.factories import ArticleFactory, UserFactory
from tests.html import assertInHTML

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ArticleFactory(
        status="draft",
        publish_at=None,
        title="The corridor scene",
        body="Nobody moves for a full minute.[^1]\n\n[^1]: Timed on the restoration.",
    )


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(username="prev-editor", is_staff=True, groups=["Editors"]))
    return client


def shared_path(article):
    return f"/preview/{preview_token(article)}/"


class TestPreviewFromTheAdmin:
    def test_shows_the_real_article_page_marked_as_a_preview(self, editor_client, draft):
        response = editor_client.get(f"/admin/reviews/article/{draft.pk}/preview/")

        assert response.status_code == 200
        assert "reviews/article_detail.html" in [t.name for t in response.templates]
        content = response.content.decode()
        assert "Preview — not published." in content
        assert "Status: Draft." in content
        assert "Nobody moves for a full minute." in content
        assert 'href="#fn:1"' in content
        assertInHTML('<meta name="robots" content="noindex, nofollow">', content)
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
        assert "Back to editing" in content

    def test_a_scheduled_essay_says_when_it_goes_public(self, editor_client):
        from datetime import timedelta

        from django.utils import timezone

        article = ArticleFactory(status="scheduled", publish_at=timezone.now() + timedelta(days=2))
        content = editor_client.get(f"/admin/reviews/article/{article.pk}/preview/").content
        assert "Scheduled to go public on" in content.decode()

    def test_view_on_site_leads_to_the_preview_until_published(self, editor_client, draft):
        content = editor_client.get(f"/admin/reviews/article/{draft.pk}/change/").content.decode()
        assert f'href="/admin/reviews/article/{draft.pk}/preview/"' in content
        published = ArticleFactory()
        content = editor_client.get(f"/admin/reviews/article/{published.pk}/change/").content
        assert f'href="{published.get_absolute_url()}" class="viewsitelink"' in content.decode()

    def test_an_unpublished_essay_has_one_link_to_its_preview_among_the_tools(
        self, editor_client, draft
    ):
        content = editor_client.get(f"/admin/reviews/article/{draft.pk}/change/").content.decode()
        tools = content.split('<ul class="object-tools">')[1].split("</ul>")[0]
        assert tools.count(f'href="/admin/reviews/article/{draft.pk}/preview/"') == 1
        assert ">Preview</a>" in tools
        assert "View on site" not in tools
        assert f'href="/admin/reviews/article/{draft.pk}/revisions/"' in tools

    def test_the_change_form_offers_a_link_to_copy(self, editor_client, draft):
        content = editor_client.get(f"/admin/reviews/article/{draft.pk}/change/").content.decode()
        assert 'id="preview-link"' in content
        assert 'value="http://' in content and "/preview/" in content
        assert 'data-copy-target="preview-link" hidden' in content
        assert "js/admin-copy-link.js" in content


class TestSharedPreviewLink:
    def test_works_for_someone_without_an_account(self, client, draft):
        response = client.get(shared_path(draft))

        assert response.status_code == 200
        content = response.content.decode()
        assert "Preview — not published." in content
        assert "This link works until" in content
        assert "Back to editing" not in content
        assert "Nobody moves for a full minute." in content
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "no-referrer"

    def test_is_read_only(self, client, draft):
        assert client.post(shared_path(draft)).status_code == 405
        content = client.get(shared_path(draft)).content.decode()
        assert 'id="comment-form"' not in content

    def test_shows_the_essay_as_it_is_now(self, client, draft):
        path = shared_path(draft)
        draft.body = "A rewritten opening."
        draft.save()
        assert "A rewritten opening." in client.get(path).content.decode()

    @pytest.mark.parametrize(
        "mangle",
        [
            lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
            lambda token: token.replace(token.split(":")[0], "eyJhcnRpY2xlIjo5OTl9", 1),
            lambda token: "not-a-token",
            lambda token: token.split(":")[0],
        ],
        ids=["signature", "payload", "garbage", "unsigned"],
    )
    def test_a_tampered_link_is_refused_clearly(self, client, draft, mangle):
        response = client.get(f"/preview/{mangle(preview_token(draft))}/")

        assert response.status_code == 404
        assert "This preview link is not valid" in response.content.decode()
        assert "Nobody moves" not in response.content.decode()

    def test_an_expired_link_says_so(self, client, draft, settings):
        settings.ARTICLE_PREVIEW_MAX_AGE = 60 * 60
        with mock.patch("django.core.signing.time.time", return_value=time.time() - 2 * 60 * 60):
            token = preview_token(draft)

        response = client.get(f"/preview/{token}/")

        assert response.status_code == 410
        content = response.content.decode()
        assert "This preview link has expired" in content
        assert "Nobody moves" not in content

    def test_a_link_within_its_age_still_works(self, client, draft, settings):
        settings.ARTICLE_PREVIEW_MAX_AGE = 60 * 60
        with mock.patch("django.core.signing.time.time", return_value=time.time() - 30 * 60):
            token = preview_token(draft)
        assert client.get(f"/preview/{token}/").status_code == 200

    def test_once_published_the_link_leads_to_the_real_page(self, client, draft):
        path = shared_path(draft)
        draft.status = "published"
        draft.save()

        response = client.get(path)

        assert response.status_code == 302
        assert response.url == draft.get_absolute_url()

    def test_a_deleted_essay_is_explained(self, client, draft):
        path = shared_path(draft)
        draft.delete()
        response = client.get(path)
        assert response.status_code == 404
        assert "This essay is no longer here" in response.content.decode()

    def test_the_draft_itself_stays_private(self, client, draft):
        assert client.get(draft.get_absolute_url()).status_code == 404


def revoke_path(article):
    return f"/admin/reviews/article/{article.pk}/revoke-preview-links/"


class TestRevokingSharedLinks:
    def test_revoking_refuses_the_links_shared_so_far_and_new_links_work(
        self, client, editor_client, draft
    ):
        old_link = shared_path(draft)
        assert client.get(old_link).status_code == 200

        response = editor_client.post(revoke_path(draft))

        assert response.status_code == 302
        assert response.url == f"/admin/reviews/article/{draft.pk}/change/"
        refused = client.get(old_link)
        assert refused.status_code == 410
        content = refused.content.decode()
        assert "This preview link has been withdrawn" in content
        assert "Nobody moves" not in content
        assert refused["X-Robots-Tag"] == "noindex, nofollow"
        draft.refresh_from_db()
        new_link = shared_path(draft)
        assert new_link != old_link
        assert "Nobody moves for a full minute." in client.get(new_link).content.decode()

    def test_the_change_form_offers_the_button_and_shows_a_fresh_link_after_revoking(
        self, editor_client, draft
    ):
        change = f"/admin/reviews/article/{draft.pk}/change/"
        content = editor_client.get(change).content.decode()
        tools = content.split('<ul class="object-tools">')[1].split("</ul>")[0]
        assert f'action="{revoke_path(draft)}"' in tools
        assert "Revoke shared preview links</button>" in tools
        old_link = shared_path(draft)

        content = editor_client.post(revoke_path(draft), follow=True).content.decode()

        assert "Every preview link shared so far is revoked." in content
        offered = content.split('id="preview-link" value="')[1].split('"')[0]
        assert read_token(offered.rsplit("/", 2)[1])[:2] == (draft.pk, 1)
        assert old_link not in content

    def test_links_made_before_versions_existed_work_until_the_first_revocation(
        self, client, draft
    ):
        legacy = signing.TimestampSigner(salt=SALT).sign_object({"article": draft.pk})
        assert client.get(f"/preview/{legacy}/").status_code == 200
        draft.revoke_preview_links()
        assert client.get(f"/preview/{legacy}/").status_code == 410

    def test_revoking_needs_a_post(self, editor_client, draft):
        link = shared_path(draft)
        assert editor_client.get(revoke_path(draft)).status_code == 405
        assert editor_client.get(link).status_code == 200

    def test_someone_who_may_only_view_the_essay_cannot_revoke(self, client, draft):
        author = UserFactory(username="prev-author", is_staff=True, groups=["Contributors"])
        # Scheduled: its author still sees it in the admin, but may no longer change it.
        scheduled = ArticleFactory(
            status="scheduled", publish_at=timezone.now() + timedelta(days=2), authors=[author]
        )
        link = shared_path(scheduled)
        client.force_login(author)

        response = client.get(f"/admin/reviews/article/{scheduled.pk}/change/")
        assert response.status_code == 200
        content = response.content.decode()
        assert "Revoke shared preview links" not in content
        assert client.post(revoke_path(scheduled)).status_code == 403

        client.logout()
        assert client.get(link).status_code == 200

    def test_a_published_essay_offers_no_button(self, editor_client):
        published = ArticleFactory()
        content = editor_client.get(f"/admin/reviews/article/{published.pk}/change/").content
        assert b"Revoke shared preview links" not in content
