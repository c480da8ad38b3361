"""The demo content: idempotent, valid by the models' own rules, and enough to fill every page."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.demo import demo_accounts, demo_password
from accounts.roles import EDITORS
from reviews.demo import catalogue, ensure_demo_content, essays
from reviews.models import Article, AuthorProfile, Person, Series, Tag, Work
from tests.demo_site import models_with_tables

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row of every table, with every column (``updated_at`` too)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in models_with_tables()
    }


class TestIdempotence:
    def test_load_demo_twice_changes_nothing(self, demo_load_output):
        # The first load is the session's, into the empty database (its summary kept); this
        # test's own is the second, rolled back afterwards like any test's changes.
        second_run = StringIO()
        first = snapshot()
        call_command("load_demo", stdout=second_run)
        assert snapshot() == first
        people, works, essay_count = catalogue()["people"], catalogue()["works"], len(essays())
        assert len(first["reviews.Article"]) == essay_count
        assert len(first["reviews.Work"]) == len(works)
        assert len(first["reviews.Person"]) == len(people)
        assert re.search(rf"people\s+{len(people)} created, 0 present", demo_load_output)
        assert re.search(rf"essays\s+0 created, {essay_count} present", second_run.getvalue())
        assert re.search(rf"works\s+0 created, {len(works)} present", second_run.getvalue())


@pytest.mark.usefixtures("demo_content")
class TestDemoContent:
    """Checks sharing the session's load of the demo; each test's changes are rolled back."""

    def test_the_essayists_have_described_portraits_and_biographies(self):
        for data in catalogue()["authors"]:
            profile = AuthorProfile.objects.get(user__username=data["username"])
            assert profile.portrait and profile.portrait_alt and profile.bio_html
        assert {a.username for essay in Article.objects.all() for a in essay.authors.all()} == {
            data["username"] for data in catalogue()["authors"]
        }

    def test_the_demo_staff_exist_and_the_editor_can_log_into_the_admin(self, client):
        usernames = set(get_user_model().objects.values_list("username", flat=True))
        assert usernames >= {data["username"] for data in demo_accounts()["staff"]}
        editor = get_user_model().objects.get(username="editor")
        assert editor.groups.filter(name=EDITORS).exists()
        assert client.login(username="editor", password=demo_password("editor"))
        assert client.get(reverse("admin:index")).status_code == 200

    def test_an_editors_change_to_a_demo_essay_survives_a_reload(self):
        essay = Article.objects.get(slug="paul-thomas-anderson-haim-lost-track")
        essay.title = "Lost Track, revisited"
        essay.save()
        ensure_demo_content()
        assert Article.objects.get(pk=essay.pk).title == "Lost Track, revisited"

    def test_a_deleted_demo_work_comes_back_with_its_credits(self):
        Work.objects.filter(slug="junun").delete()
        ensure_demo_content()
        junun = Work.objects.get(slug="junun")
        assert {c.person.slug for c in junun.credits.all()} == {
            "paul-thomas-anderson",
            "jonny-greenwood",
        }

    def test_images_are_not_stored_again_when_a_fresh_database_loads_the_demo(self, demo_content):
        stored = sorted(p.relative_to(demo_content) for p in demo_content.rglob("*"))
        Work.objects.all().delete()
        Article.objects.all().delete()
        ensure_demo_content()
        assert sorted(p.relative_to(demo_content) for p in demo_content.rglob("*")) == stored

    def test_every_demo_work_passes_full_clean(self):
        for work in Work.objects.all():
            work.full_clean()

    def test_every_demo_person_passes_full_clean(self):
        for person in Person.objects.all():
            person.full_clean()

    def test_every_demo_essay_passes_full_clean_with_an_exact_pull_quote(self):
        for article in Article.objects.all():
            article.full_clean()
            assert article.pull_quote and article.pull_quote_is_excerpt(), article.slug

    def test_every_essay_has_a_dek_tags_authors_subjects_and_a_footnote(self):
        for article in Article.objects.all():
            assert article.dek, article.slug
            assert article.tags.exists(), article.slug
            assert article.authors.exists(), article.slug
            assert article.subject_works.exists(), article.slug
            assert 'class="footnote' in article.body_html, article.slug

    def test_essays_are_short_essays(self):
        for article in Article.objects.all():
            assert 300 <= article.word_count <= 700, (article.slug, article.word_count)

    def test_every_image_has_alt_text(self):
        for work in Work.objects.exclude(poster=""):
            assert work.poster_alt
        for article in Article.objects.exclude(hero_image=""):
            assert article.hero_alt and article.hero_caption
        assert Work.objects.exclude(poster="").exists()
        assert Article.objects.exclude(hero_image="").exists()

    def test_external_ids_look_like_their_databases_ids(self):
        for obj in [*Person.objects.all(), *Work.objects.all()]:
            prefix = "nm" if isinstance(obj, Person) else "tt"
            assert not obj.imdb_id or re.fullmatch(rf"{prefix}\d{{7,8}}", obj.imdb_id)

    def test_demo_has_a_music_video_a_short_a_feature_and_a_documentary(self):
        kinds = set(Work.objects.values_list("kind", flat=True))
        assert {
            Work.Kind.MUSIC_VIDEO,
            Work.Kind.SHORT,
            Work.Kind.FEATURE,
            Work.Kind.DOCUMENTARY,
        } <= kinds

    def test_the_music_video_names_its_artist_and_song(self):
        video = Work.objects.get(slug="lost-track")
        assert video.song == "Lost Track"
        assert video.aspect_ratio == "2.35:1"
        assert [p.slug for p in video.artists] == ["haim"]
        assert [p.slug for p in video.directors] == ["paul-thomas-anderson"]

    def test_the_lost_track_essay_also_discusses_licorice_pizza_and_phantom_thread(self):
        essay = Article.objects.get(slug="paul-thomas-anderson-haim-lost-track")
        assert set(essay.subject_works.values_list("slug", flat=True)) == {
            "lost-track",
            "licorice-pizza",
            "phantom-thread",
        }

    def test_the_directors_series_has_three_essays_in_order(self):
        series = Series.objects.get(slug="the-directors-series")
        essays = Article.objects.in_series(series)
        assert [a.series_position for a in essays] == [1, 2, 3]

    def test_one_essay_is_scheduled_a_week_ahead_and_not_yet_public(self):
        scheduled = Article.objects.get(status=Article.Status.SCHEDULED)
        assert timedelta(days=6) < scheduled.publish_at - timezone.now() <= timedelta(days=7)
        assert scheduled not in Article.objects.published()
        assert Article.objects.published().count() == len(essays()) - 1

    def test_some_essays_are_flagged_for_spoilers(self):
        assert Article.objects.filter(contains_spoilers=True).exists()
        assert Article.objects.filter(contains_spoilers=False).exists()

    def test_essays_have_two_authors_one_of_them_a_critic_without_a_login(self):
        critic = get_user_model().objects.get(username="critic")
        assert not critic.is_staff and not critic.has_usable_password()
        assert Article.objects.filter(authors__username="editor").exists()
        assert Article.objects.filter(authors=critic).exists()

    # The demo leaves no page a reader can reach empty (the pages' own tests prove the rest).

    def test_home_lists_every_published_essay_and_not_the_scheduled_one(self, client):
        response = client.get(reverse("reviews:home"))
        assert response.status_code == 200
        content = response.content.decode()
        for article in Article.objects.published():
            assert article.get_absolute_url() in content
        scheduled = Article.objects.get(status=Article.Status.SCHEDULED)
        assert scheduled.get_absolute_url() not in content

    def test_scheduled_essay_is_not_found_before_its_time(self, client):
        scheduled = Article.objects.get(status=Article.Status.SCHEDULED)
        assert client.get(scheduled.get_absolute_url()).status_code == 404

    def test_director_page_shows_filmography_and_essays(self, client):
        pta = Person.objects.get(slug="paul-thomas-anderson")
        response = client.get(pta.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        for slug in ["lost-track", "licorice-pizza", "phantom-thread", "junun", "magnolia"]:
            assert reverse("reviews:work", kwargs={"slug": slug}) in content
        for article in Article.objects.published().about_person(pta):
            assert article.get_absolute_url() in content

    def test_work_page_shows_credits_and_essays(self, client):
        video = Work.objects.get(slug="lost-track")
        response = client.get(video.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        assert reverse("reviews:person", kwargs={"slug": "haim"}) in content
        assert reverse("reviews:person", kwargs={"slug": "paul-thomas-anderson"}) in content
        assert "2.35:1" in content
        essay = Article.objects.get(slug="paul-thomas-anderson-haim-lost-track")
        assert essay.get_absolute_url() in content

    def test_every_demo_page_answers(self, client):
        urls = [reverse("reviews:home"), reverse("reviews:archive")]
        published = Article.objects.published()
        urls += [a.get_absolute_url() for a in published]
        urls += [p.get_absolute_url() for p in Person.objects.all()]
        urls += [w.get_absolute_url() for w in Work.objects.all()]
        urls += [s.get_absolute_url() for s in Series.objects.all()]
        # A tag page lists published essays; a tag only the scheduled essay has waits for it.
        urls += [t.get_absolute_url() for t in Tag.objects.filter(articles__in=published)]
        urls += [reverse("reviews:author", kwargs={"username": u}) for u in ("editor", "critic")]
        for url in urls:
            assert client.get(url).status_code == 200, url

    def test_search_finds_a_demo_essay_by_a_work_title(self, client):
        response = client.get(reverse("reviews:search"), {"q": "Phantom Thread"})
        assert response.status_code == 200
        essay = Article.objects.get(slug="paul-thomas-anderson-haim-lost-track")
        assert essay.get_absolute_url() in response.content.decode()
