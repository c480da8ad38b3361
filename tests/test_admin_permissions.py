"""Who may do what at the writing desk: contributors write and submit, editors publish and
schedule, moderators keep out of essays, anonymous visitors are sent to log in."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from comments.models import Comment
from reviews.models import Article
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    TagFactory,
    UserFactory,
    WorkFactory,
)
from tests.imagefiles import image_bytes, upload

pytestmark = pytest.mark.django_db

ADD = "/admin/reviews/article/add/"


def change_url(article):
    return f"/admin/reviews/article/{article.pk}/change/"


def staff(username, *groups):
    return UserFactory(username=username, is_staff=True, groups=list(groups))


@pytest.fixture
def editor():
    return staff("editor-ed", "Editors")


@pytest.fixture
def contributor():
    return staff("contributor-cy", "Contributors")


@pytest.fixture
def moderator():
    return staff("moderator-mo", "Moderators")


def article_data(**overrides):
    data = {
        "title": "On long takes",
        "slug": "on-long-takes",
        "dek": "What a shot that refuses to cut asks of us.",
        "body": "The take lasts four minutes. Nobody in the room breathes.",
        "excerpt": "",
        "pull_quote": "",
        "hero_crop": "",
        "hero_focus_x": "50",
        "hero_focus_y": "50",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "series": "",
        "series_position": "",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "comments_open": "on",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def in_future(**delta):
    moment = timezone.localtime(timezone.now() + timedelta(**delta))
    return {
        "publish_at_0": moment.strftime("%Y-%m-%d"),
        "publish_at_1": moment.strftime("%H:%M:%S"),
    }


class TestRolesComeFromMigrations:
    def test_editors_may_publish_and_contributors_may_not(self):
        editors = Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
        contributors = Group.objects.get(name="Contributors").permissions.values_list(
            "codename", flat=True
        )
        assert {"publish_article", "change_article", "delete_article", "change_work"} <= set(
            editors
        )
        assert {"add_article", "change_article", "view_work", "add_articleimage"} <= set(
            contributors
        )
        assert "publish_article" not in contributors
        assert "delete_article" not in contributors

    def test_moderators_hold_no_essay_permissions(self):
        moderators = Group.objects.get(name="Moderators").permissions
        assert not moderators.filter(content_type__app_label="reviews").exists()


class TestAnonymous:
    @pytest.mark.parametrize(
        "path", [ADD, "/admin/reviews/article/", "/admin/reviews/work/", "/admin/reviews/tag/"]
    )
    def test_is_sent_to_log_in(self, client, path):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")

    def test_cannot_reach_preview_or_revisions(self, client):
        article = ArticleFactory(status="draft", publish_at=None)
        for suffix in ("preview/", "revisions/"):
            response = client.get(f"/admin/reviews/article/{article.pk}/{suffix}")
            assert response.status_code == 302
            assert response.url.startswith("/admin/login/")


class TestModerator:
    def test_cannot_list_add_or_change_essays(self, client, moderator):
        article = ArticleFactory()
        client.force_login(moderator)
        assert client.get("/admin/reviews/article/").status_code == 403
        assert client.get(ADD).status_code == 403
        assert client.get(change_url(article)).status_code == 403
        assert client.post(change_url(article), article_data()).status_code == 403
        assert client.get(f"/admin/reviews/article/{article.pk}/preview/").status_code == 403
        assert client.get(f"/admin/reviews/article/{article.pk}/revisions/").status_code == 403


class TestContributor:
    def test_writes_a_draft_signed_with_their_name(self, client, contributor):
        client.force_login(contributor)
        response = client.post(ADD, article_data())

        assert response.status_code == 302
        article = Article.objects.get()
        assert article.status == Article.Status.DRAFT
        assert list(article.authors.all()) == [contributor]

    def test_submits_a_draft_for_review(self, client, contributor):
        client.force_login(contributor)
        client.post(ADD, article_data(status="review"))
        assert Article.objects.get().status == Article.Status.REVIEW

    @pytest.mark.parametrize("status", ["published", "scheduled"])
    def test_cannot_publish_or_schedule(self, client, contributor, status):
        client.force_login(contributor)
        response = client.post(ADD, article_data(status=status, **in_future(days=1)))

        assert response.status_code == 200
        assert "Only editors can schedule or publish an essay" in response.content.decode()
        assert not Article.objects.exists()

    def test_is_offered_only_draft_and_review(self, client, contributor):
        client.force_login(contributor)
        form = client.get(ADD).context["adminform"].form
        assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
        assert "publish_at" not in form.fields

    def test_edits_their_own_draft(self, client, contributor):
        article = ArticleFactory(status="draft", publish_at=None, authors=[contributor])
        client.force_login(contributor)
        response = client.post(
            change_url(article), article_data(title="Revised", slug=article.slug)
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "Revised"

    def test_cannot_publish_their_own_draft_by_editing_it(self, client, contributor):
        article = ArticleFactory(status="draft", publish_at=None, authors=[contributor])
        client.force_login(contributor)
        response = client.post(
            change_url(article), article_data(slug=article.slug, status="published")
        )
        assert response.status_code == 200
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT

    def test_can_only_look_at_their_essay_once_it_is_published(self, client, contributor):
        article = ArticleFactory(authors=[contributor])
        client.force_login(contributor)

        page = client.get(change_url(article))
        assert page.status_code == 200
        assert page.context["has_change_permission"] is False
        assert client.post(change_url(article), article_data(slug=article.slug)).status_code == 403

    def test_does_not_see_other_peoples_essays(self, client, contributor):
        own = ArticleFactory(status="draft", publish_at=None, authors=[contributor])
        other = ArticleFactory(status="draft", publish_at=None, title="Someone else's draft")
        client.force_login(contributor)

        listing = client.get("/admin/reviews/article/")
        assert list(listing.context["cl"].queryset) == [own]
        assert client.get(change_url(other)).status_code == 302  # "does not exist"
        assert client.get(f"/admin/reviews/article/{other.pk}/preview/").status_code == 403

    def test_cannot_delete_or_use_the_publish_action(self, client, contributor):
        article = ArticleFactory(status="draft", publish_at=None, authors=[contributor])
        client.force_login(contributor)
        assert client.get(f"/admin/reviews/article/{article.pk}/delete/").status_code == 403
        actions = client.get("/admin/reviews/article/").context["action_form"].fields["action"]
        names = [name for name, _ in actions.choices]
        assert "submit_for_review" in names
        assert "publish_now" not in names

    def test_can_find_works_and_tags_to_link(self, client, contributor):
        WorkFactory(title="Phantom Thread", slug="phantom-thread")
        TagFactory(name="Costume", slug="costume")
        client.force_login(contributor)
        for field, term, expected in [
            ("subject_works", "Phantom", "Phantom Thread (2022)"),
            ("tags", "Cost", "Costume"),
        ]:
            response = client.get(
                "/admin/autocomplete/",
                {
                    "term": term,
                    "app_label": "reviews",
                    "model_name": "article",
                    "field_name": field,
                },
            )
            assert response.status_code == 200
            assert [r["text"] for r in response.json()["results"]] == [expected]


class TestEditor:
    def test_publishes_and_the_time_is_set(self, client, editor):
        client.force_login(editor)
        response = client.post(ADD, article_data(status="published"))

        assert response.status_code == 302
        article = Article.objects.get()
        assert article.is_public
        assert article.publish_at is not None
        assert list(article.authors.all()) == [editor]

    def test_schedules_for_later_and_the_essay_waits(self, client, editor):
        client.force_login(editor)
        client.post(ADD, article_data(status="scheduled", **in_future(hours=2)))

        article = Article.objects.get()
        assert article.status == Article.Status.SCHEDULED
        assert not Article.objects.published().exists()
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_cannot_schedule_for_a_time_already_past(self, client, editor):
        client.force_login(editor)
        response = client.post(ADD, article_data(status="scheduled", **in_future(hours=-3)))
        assert "This time has already passed" in response.content.decode()
        assert not Article.objects.exists()

    def test_publishing_is_refused_without_hero_alt_text(self, client, editor, media_root):
        client.force_login(editor)
        response = client.post(
            ADD, article_data(status="published", hero_image=upload(image_bytes(400, 200)))
        )

        content = response.content.decode()
        assert "Not published: the hero image has no alt text." in content
        assert "Describe the hero image for readers who cannot see it." in content
        assert not Article.objects.exists()

    def test_publishing_is_refused_when_the_pull_quote_is_not_in_the_body(self, client, editor):
        client.force_login(editor)
        response = client.post(
            ADD, article_data(status="published", pull_quote="Everybody breathes at last.")
        )

        content = response.content.decode()
        assert "the pull quote is not an exact excerpt of the body" in content
        assert not Article.objects.exists()

    def test_edits_anyone_s_published_essay(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        response = client.post(
            change_url(article),
            article_data(
                title="Corrected",
                slug=article.slug,
                status="published",
                authors=[a.pk for a in article.authors.all()],
                publish_at_0=timezone.localtime(article.publish_at).strftime("%Y-%m-%d"),
                publish_at_1=timezone.localtime(article.publish_at).strftime("%H:%M:%S"),
            ),
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "Corrected"

    def test_the_publish_action_publishes_and_refuses_with_the_reason(self, client, editor):
        ready = ArticleFactory(status="review", publish_at=None, title="Ready")
        # Saved without validation, as an import might: the quote is not in the body.
        broken = ArticleFactory(status="review", publish_at=None, pull_quote="Not in the text")
        client.force_login(editor)

        response = client.post(
            "/admin/reviews/article/",
            {"action": "publish_now", "_selected_action": [ready.pk, broken.pk]},
            follow=True,
        )

        ready.refresh_from_db()
        broken.refresh_from_db()
        assert ready.is_public
        assert not broken.is_public
        content = response.content.decode()
        assert "Published 1 essay." in content
        assert "The pull quote must be copied exactly from the body." in content

    @pytest.mark.parametrize(
        "path",
        [
            "/admin/reviews/article/",
            ADD,
            "/admin/reviews/work/",
            "/admin/reviews/work/add/",
            "/admin/reviews/person/",
            "/admin/reviews/person/add/",
            "/admin/reviews/series/",
            "/admin/reviews/series/add/",
            "/admin/reviews/tag/",
            "/admin/reviews/tag/add/",
            "/admin/reviews/articleslugredirect/",
        ],
    )
    def test_every_desk_page_opens(self, client, editor, path):
        ArticleFactory(works=[WorkFactory()])
        client.force_login(editor)
        assert client.get(path).status_code == 200

    def test_the_essay_form_shows_length_and_reading_time(self, client, editor):
        article = ArticleFactory(body=" ".join(["word"] * 460))
        client.force_login(editor)
        content = client.get(change_url(article)).content.decode()
        assert "460 words · about 2 min to read" in content


class TestDeletingAnEssay:
    def test_editor_deletes_an_essay_with_its_comments(self, client, editor):
        article = ArticleFactory()
        CommentFactory(article=article)
        client.force_login(editor)

        response = client.post(f"/admin/reviews/article/{article.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert not Article.objects.filter(pk=article.pk).exists()
        assert not Comment.objects.exists()

    def test_contributor_cannot_delete_an_essay(self, client, contributor):
        article = ArticleFactory(status="draft", publish_at=None, authors=[contributor])
        client.force_login(contributor)

        response = client.post(f"/admin/reviews/article/{article.pk}/delete/", {"post": "yes"})

        assert response.status_code == 403
        assert Article.objects.filter(pk=article.pk).exists()
