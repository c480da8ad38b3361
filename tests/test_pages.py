"""The reading pages: what each shows, what it hides, how it treats bad input, and that the
busiest pages ask the database a fixed number of questions however much there is to show."""

import io
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertContains

from config import pagecache
from reviews.models import Credit
from reviews.preview import preview_link
from reviews.templatetags.reading import with_pull_quote
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    CreditFactory,
    PersonFactory,
    SeriesFactory,
    TagFactory,
    UserFactory,
    WorkFactory,
)
from tests.html import assertInHTML, elements

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response


def html(response):
    return response.content.decode()


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def still_upload(name="still.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), "#335577").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class TestHome:
    def test_lists_published_essays_newest_first_and_hides_the_rest(self, client):
        older = ArticleFactory(title="An older essay", publish_at=days_ago(5))
        newer = ArticleFactory(title="A newer essay", publish_at=days_ago(1))
        ArticleFactory(title="A draft essay", status="draft")
        ArticleFactory(
            title="A scheduled essay", status="scheduled", publish_at=timezone.now() + timedelta(1)
        )
        content = html(page(client, "/"))
        assert content.index(newer.title) < content.index(older.title)
        assert "A draft essay" not in content
        assert "A scheduled essay" not in content

    def test_shows_series_and_recently_discussed_works(self, client):
        series = SeriesFactory(title="The Directors Series")
        work = WorkFactory(title="Phantom Thread", year=2017)
        ArticleFactory(series=series, works=[work])
        content = html(page(client, "/"))
        assert "The Directors Series" in content
        assert series.get_absolute_url() in content
        assert work.get_absolute_url() in content

    def test_paginates_and_links_to_older_essays(self, client, settings):
        settings.SITE_URL = "https://films.example.org"
        ArticleFactory.create_batch(10)  # the lead and seven more on page one, then two
        response = page(client, "/")
        assert response.context["page_obj"].paginator.num_pages == 2
        assert 'href="?page=2"' in html(response)
        second = page(client, "/?page=2")
        assert len(second.context["essays"]) == 2
        page_two = '<link rel="canonical" href="https://films.example.org/?page=2">'
        assertInHTML(page_two, html(second))

    @pytest.mark.parametrize(
        "bad", ["abc", "0", "-3", "9999", "1.5", "9" * 40, ""]
    )  # NUL: tests/test_hostile_input.py
    def test_a_malformed_page_number_shows_a_normal_page(self, client, bad):
        ArticleFactory.create_batch(3)
        response = page(client, f"/?page={bad}")
        assert response.context["page_obj"].number == 1

    def test_a_page_number_past_the_end_shows_the_last_page(self, client):
        ArticleFactory.create_batch(14)
        assert page(client, "/?page=50").context["page_obj"].number == 2


class TestArticlePage:
    @pytest.fixture
    def essay(self, media_root):
        director = PersonFactory(name="Paul Thomas Anderson", slug="paul-thomas-anderson")
        work = WorkFactory(
            title="Licorice Pizza", slug="licorice-pizza", year=2021, aspect_ratio="2.39:1"
        )
        CreditFactory(work=work, person=director, role="director")
        author = UserFactory(username="ana", display_name="Ana Ferreira")
        essay = ArticleFactory(
            title="Walking with the song",
            slug="walking-with-the-song",
            dek="A music video with the gait of a feature.",
            authors=[author, UserFactory(display_name="Ben Okafor")],
            works=[work],
            people=[director],
            tags=[TagFactory(name="Widescreen", slug="widescreen")],
            pull_quote="Later the frame narrows and the song takes over.",
            hero_image=still_upload(),
            hero_alt="A street at dusk.",
            hero_caption="The street at the start of the video.",
            hero_credit="Still: the distributor",
        )
        return essay

    def test_shows_title_dek_byline_dates_and_reading_time(self, client, essay):
        content = html(page(client, essay.get_absolute_url()))
        assert "Walking with the song" in content
        assert "A music video with the gait of a feature." in content
        assert f'href="{reverse("reviews:author", args=["ana"])}" rel="author">Ana Ferreira' in (
            content
        )
        assert "Ben Okafor" in content
        assert f'datetime="{essay.publish_at.replace(microsecond=0).isoformat()}"' in content
        assert "1 min read" in content

    def test_shows_the_hero_image_with_alt_text_caption_and_credit(self, client, essay):
        content = html(page(client, essay.get_absolute_url()))
        assert 'alt="A street at dusk."' in content
        assert "The street at the start of the video." in content
        assertInHTML('<span class="credit">Still: the distributor</span>', content)

    def test_footnotes_link_both_ways(self, client, essay):
        content = html(page(client, essay.get_absolute_url()))
        assert 'href="#fn:1"' in content and 'id="fn:1"' in content
        assert 'href="#fnref:1"' in content and 'id="fnref:1"' in content

    def test_the_pull_quote_is_set_once_in_the_text_and_hidden_from_screen_readers(
        self, client, essay
    ):
        essay.body = "\n\n".join(
            [
                "The camera stays at a distance that feels polite until it does not.",
                "Later the frame narrows and the song takes over.",
                "The street empties.",
                "Night falls on the valley.",
                "The last shot holds.",
            ]
        )
        essay.save()
        content = html(page(client, essay.get_absolute_url()))
        assert len(elements(content, "blockquote", class_="pull-quote", aria_hidden="true")) == 1

    def test_panel_shows_each_work_with_year_kind_aspect_ratio_and_director_link(
        self, client, essay
    ):
        response = page(client, essay.get_absolute_url())
        content = html(response)
        panel = content[content.index('class="discussed"') :]
        assert 'href="/works/licorice-pizza/"' in panel
        assert "2021" in panel and "Feature film" in panel and "2.39:1" in panel
        assert 'href="/people/paul-thomas-anderson/"' in panel

    def test_shows_tags_and_the_place_for_comments(self, client, essay):
        content = html(page(client, essay.get_absolute_url()))
        assert elements(content, "a", href="/tags/widescreen/", rel="tag")
        assert elements(
            content, "section", id="comments", class_="comments", aria_labelledby="comments-title"
        )

    def test_a_preview_of_an_unpublished_essay_links_to_no_comments_or_their_feed(self, client):
        draft = ArticleFactory(status="draft", publish_at=None)
        content = html(page(client, urlsplit(preview_link(draft)).path))
        assert "Comments open when the essay is published." in content
        assert reverse("comments:article-feed", args=[draft.slug]) not in content

    def test_spoiler_notice_only_when_the_essay_is_flagged(self, client, essay):
        assert "spoiler-notice" not in html(page(client, essay.get_absolute_url()))
        essay.contains_spoilers = True
        essay.save()
        content = html(page(client, essay.get_absolute_url()))
        assert elements(content, "p", class_="spoiler-notice", role="note")
        assertInHTML("<cite>Licorice Pizza</cite>", content)

    def test_links_the_previous_and_next_essays_in_its_series(self, client):
        series = SeriesFactory(title="The Directors Series")
        first = ArticleFactory(series=series, series_position=1, title="Part one")
        second = ArticleFactory(series=series, series_position=2, title="Part two")
        third = ArticleFactory(series=series, series_position=3, title="Part three")
        ArticleFactory(series=series, series_position=4, status="draft", title="Part four")
        content = html(page(client, second.get_absolute_url()))
        assert f'rel="prev" href="{first.get_absolute_url()}"' in content
        assert f'rel="next" href="{third.get_absolute_url()}"' in content
        content = html(page(client, third.get_absolute_url()))
        assert 'rel="next"' not in content and "Part four" not in content

    def test_related_essays_share_a_work_or_a_person(self, client):
        work, person = WorkFactory(), PersonFactory()
        essay = ArticleFactory(works=[work], people=[person])
        by_work = ArticleFactory(works=[work], title="Same film")
        by_person = ArticleFactory(people=[person], title="Same director")
        ArticleFactory(title="Unrelated essay")
        ArticleFactory(works=[work], status="draft", title="Unpublished relation")
        related = list(page(client, essay.get_absolute_url()).context["related"])
        assert set(related) == {by_work, by_person}

    def test_related_essays_sharing_more_come_first_and_each_shared_subject_counts_once(
        self, client
    ):
        works, people = WorkFactory.create_batch(3), PersonFactory.create_batch(3)
        essay = ArticleFactory(works=works, people=people)
        # Two works and nothing else: shares 2. One work and three people: shares 4 (a count
        # of work-and-person pairs would give it 3, and the other 2).
        two = ArticleFactory(works=works[:2], publish_at=timezone.now() - timedelta(hours=1))
        four = ArticleFactory(
            works=works[:1], people=people, publish_at=timezone.now() - timedelta(days=9)
        )
        one = ArticleFactory(people=people[:1], publish_at=timezone.now() - timedelta(minutes=1))
        related = list(page(client, essay.get_absolute_url()).context["related"])
        assert related == [four, two, one]
        assert [essay.shared for essay in related] == [4, 2, 1]

    def test_an_essay_without_subjects_has_no_related_essays(self, client):
        essay = ArticleFactory()
        ArticleFactory(works=[WorkFactory()])
        assert page(client, essay.get_absolute_url()).context["related"] == []

    def test_related_essays_sharing_as_much_come_newest_first(self, client):
        work = WorkFactory()
        essay = ArticleFactory(works=[work])
        older = ArticleFactory(works=[work], publish_at=timezone.now() - timedelta(days=2))
        newer = ArticleFactory(works=[work], publish_at=timezone.now() - timedelta(days=1))
        assert page(client, essay.get_absolute_url()).context["related"] == [newer, older]

    def test_unknown_draft_and_not_yet_scheduled_essays_are_not_found(self, client):
        draft = ArticleFactory(status="draft")
        soon = ArticleFactory(status="scheduled", publish_at=timezone.now() + timedelta(hours=1))
        page(client, "/essays/no-such-essay/", 404)
        page(client, draft.get_absolute_url(), 404)
        page(client, soon.get_absolute_url(), 404)

    def test_a_scheduled_essay_appears_at_its_publication_time(self, client):
        moment = timezone.now().replace(microsecond=0) + timedelta(days=1)
        essay = ArticleFactory(status="scheduled", publish_at=moment)
        with mock.patch("django.utils.timezone.now", return_value=moment - timedelta(seconds=1)):
            page(client, essay.get_absolute_url(), 404)
        with mock.patch("django.utils.timezone.now", return_value=moment):
            page(client, essay.get_absolute_url(), 200)


class TestPersonPage:
    def test_shows_bio_filmography_by_role_and_year_and_every_essay_about_them(self, client):
        person = PersonFactory(name="Agnès Varda", slug="agnes-varda", bio="A *photographer*.")
        cleo = WorkFactory(title="Cléo from 5 to 7", year=1962)
        bonheur = WorkFactory(title="Le Bonheur", year=1965)
        CreditFactory(person=person, work=bonheur, role="director")
        CreditFactory(person=person, work=cleo, role="director")
        CreditFactory(person=person, work=cleo, role="writer")
        about_her = ArticleFactory(people=[person], title="On Varda")
        about_her_film = ArticleFactory(works=[bonheur], title="On Le Bonheur")
        ArticleFactory(works=[cleo], status="draft", title="Unfinished")
        content = html(page(client, "/people/agnes-varda/"))
        assertInHTML("<em>photographer</em>", content)
        filmography = content[content.index('id="filmography-title"') :]
        director, writer = filmography.index(">Director<"), filmography.index(">Writer<")
        assert (
            director
            < filmography.index("Cléo from 5 to 7")
            < filmography.index("Le Bonheur")
            < writer
            < filmography.index("Cléo from 5 to 7", writer)
        )
        assert about_her.title in content and about_her_film.title in content
        assert "Unfinished" not in content

    def test_links_to_the_persons_feeds(self, client):
        person = PersonFactory(slug="agnes-varda")
        content = html(page(client, person.get_absolute_url()))
        assert reverse("reviews:person-feed", args=["agnes-varda"]) in content
        assert reverse("reviews:person-feed-atom", args=["agnes-varda"]) in content
        assert 'type="application/rss+xml"' in content

    def test_unknown_person_is_not_found(self, client):
        page(client, "/people/nobody-at-all/", 404)


class TestWorkPage:
    def test_shows_metadata_credits_essays_and_feed(self, client):
        work = WorkFactory(
            title="Phantom Thread",
            slug="phantom-thread",
            year=2017,
            runtime=130,
            aspect_ratio="1.85:1",
            capture_format="35 mm",
            countries="United States, United Kingdom",
        )
        director = PersonFactory(name="Paul Thomas Anderson")
        CreditFactory(work=work, person=director, role="director")
        CreditFactory(
            work=work,
            person=PersonFactory(name="Daniel Day-Lewis"),
            role="performer",
            credited_as="Reynolds Woodcock",
        )
        essay = ArticleFactory(works=[work], title="The fitting room")
        content = html(page(client, "/works/phantom-thread/"))
        for text in ["2017", "130 min", "1.85:1", "35 mm", "United States, United Kingdom"]:
            assert text in content
        assert director.get_absolute_url() in content
        assert "Reynolds Woodcock" in content
        assert essay.title in content
        assert reverse("reviews:work-feed", args=["phantom-thread"]) in content

    def test_a_music_video_names_its_song_and_artist(self, client):
        video = WorkFactory(kind="music_video", song="Lost Track", slug="lost-track")
        CreditFactory(work=video, person=PersonFactory(name="Haim"), role="musical_artist")
        content = html(page(client, "/works/lost-track/"))
        assert "“Lost Track”" in content and "Haim" in content

    def test_unknown_work_is_not_found(self, client):
        page(client, "/works/no-such-film/", 404)


class TestListsAndArchives:
    def test_series_page_lists_its_published_essays_in_series_order(self, client):
        series = SeriesFactory(slug="directors")
        second = ArticleFactory(series=series, series_position=2, publish_at=days_ago(9))
        first = ArticleFactory(series=series, series_position=1, publish_at=days_ago(1))
        ArticleFactory(series=series, series_position=3, status="draft")
        response = page(client, "/series/directors/")
        assert list(response.context["essays"]) == [first, second]
        assert reverse("reviews:series-feed", args=["directors"]) in html(response)

    def test_series_without_published_essays_are_not_found(self, client):
        ArticleFactory(series=SeriesFactory(slug="coming-soon"), status="draft")
        page(client, "/series/coming-soon/", 404)
        page(client, "/series/no-such-series/", 404)

    def test_series_list_shows_series_with_published_essays(self, client):
        ArticleFactory(series=SeriesFactory(title="Published series"))
        ArticleFactory(series=SeriesFactory(title="Unpublished series"), status="draft")
        content = html(page(client, "/series/"))
        assert "Published series" in content and "Unpublished series" not in content

    def test_tag_page_lists_published_essays_with_the_tag(self, client):
        tag = TagFactory(name="Widescreen", slug="widescreen")
        tagged = ArticleFactory(tags=[tag])
        ArticleFactory(title="Untagged")
        response = page(client, "/tags/widescreen/")
        assert list(response.context["essays"]) == [tagged]
        assert reverse("reviews:tag-feed", args=["widescreen"]) in html(response)
        page(client, "/tags/no-such-tag/", 404)

    def test_author_page_lists_the_authors_published_essays(self, client):
        author = UserFactory(username="ana", display_name="Ana Ferreira")
        mine = ArticleFactory(authors=[author])
        ArticleFactory(authors=[author], status="draft", title="Not yet")
        ArticleFactory(title="Someone else's")
        response = page(client, "/authors/ana/")
        assert list(response.context["essays"]) == [mine]
        assert "Ana Ferreira" in html(response)

    def test_people_without_published_essays_have_no_author_page(self, client):
        UserFactory(username="reader")
        page(client, "/authors/reader/", 404)
        page(client, "/authors/nobody/", 404)

    def test_people_list_shows_everyone_with_their_roles(self, client):
        varda = PersonFactory(name="Agnès Varda", sort_name="Varda, Agnès")
        CreditFactory(person=varda, role=Credit.Role.DIRECTOR)
        content = html(page(client, "/people/"))
        assert varda.get_absolute_url() in content and "Director" in content

    def test_works_list_filters_by_kind_and_ignores_an_unknown_kind(self, client):
        feature = WorkFactory(title="A feature", kind="feature")
        video = WorkFactory(title="A music video", kind="music_video", song="Song")
        assert list(page(client, "/works/?kind=music_video").context["works"]) == [video]
        assert set(page(client, "/works/?kind=opera").context["works"]) == {feature, video}

    def test_archive_lists_months_with_their_counts(self, client):
        ArticleFactory(publish_at=timezone.now().replace(year=2024, month=3, day=2))
        ArticleFactory(publish_at=timezone.now().replace(year=2024, month=3, day=9))
        ArticleFactory(publish_at=timezone.now().replace(year=2023, month=7, day=9))
        content = html(page(client, "/archive/"))
        assert 'href="/archive/2024/3/">March</a> <span class="count">2 essays' in content
        assert 'href="/archive/2023/7/">July</a> <span class="count">1 essay<' in content

    def test_year_and_month_archives_list_that_periods_essays(self, client):
        march = ArticleFactory(publish_at=timezone.now().replace(year=2024, month=3, day=2))
        july = ArticleFactory(publish_at=timezone.now().replace(year=2024, month=7, day=2))
        assert set(page(client, "/archive/2024/").context["essays"]) == {march, july}
        assert list(page(client, "/archive/2024/3/").context["essays"]) == [march]

    @pytest.mark.parametrize(
        "url", ["/archive/1999/", "/archive/2024/13/", "/archive/2024/0/", "/archive/99999/"]
    )
    def test_empty_or_impossible_dates_are_not_found(self, client, url):
        ArticleFactory(publish_at=timezone.now().replace(year=2024, month=3, day=2))
        page(client, url, 404)

    @pytest.mark.parametrize(
        "url", ["/people/?page=x", "/works/?page=-1", "/tags/t/?page=zz", "/archive/2024/?page=7"]
    )
    def test_malformed_page_numbers_on_list_pages_show_a_normal_page(self, client, url):
        ArticleFactory(
            tags=[TagFactory(slug="t")], publish_at=timezone.now().replace(year=2024, month=3)
        )
        page(client, url)


class TestMetadata:
    def test_every_page_has_an_absolute_canonical_link_and_a_description(self, client, settings):
        settings.SITE_URL = "https://films.example.org"
        essay = ArticleFactory(dek="How a camera's distance changes belief.")
        content = html(page(client, essay.get_absolute_url()))
        canonical = f'<link rel="canonical" href="https://films.example.org/essays/{essay.slug}/">'
        assertInHTML(canonical, content)
        [description] = elements(content, "meta", name="description")
        assert description["content"].startswith("How a camera's distance")

    def test_social_cards_fall_back_to_the_site_image(self, client, settings):
        settings.SITE_URL = "https://films.example.org"
        essay = ArticleFactory()
        content = html(page(client, essay.get_absolute_url()))
        assertInHTML(
            '<meta property="og:image" '
            'content="https://films.example.org/static/img/social-card.png">',
            content,
        )
        assertInHTML('<meta name="twitter:card" content="summary_large_image">', content)
        assertInHTML(f'<meta property="og:title" content="{essay.title}">', content)

    def test_an_essays_own_image_is_its_social_image(self, client, settings, media_root):
        settings.SITE_URL = "https://films.example.org"
        essay = ArticleFactory(hero_image=still_upload(), hero_alt="A still.")
        content = html(page(client, essay.get_absolute_url()))
        [image] = elements(content, "meta", property="og:image")
        assert image["content"].startswith("https://films.example.org/media/")
        assertInHTML('<meta property="og:image:alt" content="A still.">', content)

    def test_pages_without_their_own_metadata_get_the_sites_full_card(self, rf, settings):
        settings.SITE_URL = "https://films.example.org"
        request = rf.get("/comments/somewhere/")
        content = render_to_string("includes/meta.html", {}, request=request)
        assertInHTML(
            '<link rel="canonical" href="https://films.example.org/comments/somewhere/">', content
        )
        assertInHTML('<meta property="og:image:width" content="1200">', content)
        assertInHTML(f'<meta name="twitter:title" content="{settings.SITE_NAME}">', content)

    def test_not_found_pages_use_the_sites_template_and_are_not_indexed(self, client):
        content = html(page(client, "/essays/missing/", 404))
        assert "Page not found" in content
        assertInHTML('<meta name="robots" content="noindex">', content)

    def test_the_header_links_every_section_and_searches(self, client):
        content = html(page(client, "/"))
        for name in ["work-list", "person-list", "series-list", "archive"]:
            assert f'href="{reverse(f"reviews:{name}")}"' in content
        assert f'action="{reverse("reviews:search")}"' in content and 'name="q"' in content


@pytest.mark.usefixtures("uncached_pages")
class TestQueryCounts:
    """The busiest pages cost the same number of queries with 3 or 12 of everything."""

    @staticmethod
    def queries(client, url):
        page(client, url)  # once first: site-wide settings rows are created on first use
        with CaptureQueriesContext(connection) as captured:
            page(client, url)
        return len(captured)

    @staticmethod
    def essay_with(count, *, series=None, **fields):
        works = []
        for _ in range(count):
            work = WorkFactory()
            CreditFactory.create_batch(2, work=work)
            works.append(work)
        return ArticleFactory(
            works=works,
            people=PersonFactory.create_batch(count),
            tags=TagFactory.create_batch(count),
            authors=UserFactory.create_batch(count),
            series=series,
            series_position=1,
            **fields,
        )

    def test_home_page(self, client, django_assert_num_queries):
        # Enough for every section of the front page, the archive's picks included. The series
        # in focus (the one published in last) has older essays below the first page, so its
        # section is never empty: an empty section skips its prefetches.
        focus = SeriesFactory()
        for _ in range(4):
            self.essay_with(3, series=focus, publish_at=timezone.now() - timedelta(days=90))
        self.essay_with(3, series=focus, publish_at=timezone.now() - timedelta(hours=1))
        for _ in range(10):
            self.essay_with(3, series=SeriesFactory())
        page(client, "/")  # once first: site-wide settings rows are created on first use
        # The month's comment count is kept until content changes: counted anew each time here,
        # by this bump, then by the essays' saves.
        pagecache.bump()
        with CaptureQueriesContext(connection) as captured:
            page(client, "/")
        small = len(captured)
        for _ in range(9):
            self.essay_with(12, series=SeriesFactory())
        with django_assert_num_queries(small):
            page(client, "/")

    def test_article_page(self, client, django_assert_num_queries):
        series = SeriesFactory()
        small_essay = self.essay_with(3, series=series)
        for work in small_essay.subject_works.all():
            ArticleFactory(works=[work], series=series)
        small = self.queries(client, small_essay.get_absolute_url())
        big_essay = self.essay_with(12, series=series)
        for work in big_essay.subject_works.all():
            ArticleFactory.create_batch(2, works=[work], series=series, tags=[TagFactory()])
        with django_assert_num_queries(small):
            page(client, big_essay.get_absolute_url())

    def test_person_page(self, client, django_assert_num_queries):
        small_person, big_person = PersonFactory(), PersonFactory()
        for person, count in [(small_person, 3), (big_person, 12)]:
            for role in ["director", "writer", "editor"][: 1 + count // 6]:
                for _ in range(count):
                    credit = CreditFactory(person=person, role=role)
                    ArticleFactory(works=[credit.work], authors=UserFactory.create_batch(2))
            self.essay_with(count).subject_people.add(person)
        small = self.queries(client, small_person.get_absolute_url())
        with django_assert_num_queries(small):
            page(client, big_person.get_absolute_url())

    def test_work_page(self, client, django_assert_num_queries):
        small_work, big_work = WorkFactory(), WorkFactory()
        for work, count in [(small_work, 3), (big_work, 12)]:
            for role in ["director", "performer", "composer"]:
                CreditFactory.create_batch(count, work=work, role=role)
            for _ in range(count):
                ArticleFactory(works=[work], tags=TagFactory.create_batch(2))
        small = self.queries(client, small_work.get_absolute_url())
        with django_assert_num_queries(small):
            page(client, big_work.get_absolute_url())


class TestPullQuotePlacement:
    def test_goes_after_the_third_paragraph_of_the_text(self):
        body = "".join(f"<p>Paragraph {n}.</p>\n" for n in range(1, 6))
        result = with_pull_quote(body, "Paragraph 2.")
        assert result.index("pull-quote") > result.index("Paragraph 3.</p>")
        assert result.index("pull-quote") < result.index("Paragraph 4.")

    def test_paragraphs_inside_quotes_and_notes_do_not_count(self):
        body = (
            "<p>One.</p>\n<blockquote>\n<p>Quoted.</p>\n<p>Quoted again.</p>\n</blockquote>\n"
            "<p>Two<br>with a break.</p>\n"
            '<div class="footnote"><ol><li><p>A note.</p></li></ol></div>'
        )
        result = with_pull_quote(body, "One.")
        assert result.index("pull-quote") > result.index("with a break.</p>")
        assert result.index("pull-quote") < result.index('class="footnote"')

    def test_never_sits_next_to_the_paragraph_it_quotes(self):
        body = "".join(f"<p>Paragraph {n}.</p>\n" for n in range(1, 7))
        result = with_pull_quote(body, "Paragraph 3.")
        # After paragraph 3, or after 2, it would touch paragraph 3: it moves on past 4.
        assert result.index("pull-quote") > result.index("Paragraph 4.</p>")
        assert result.index("pull-quote") < result.index("Paragraph 5.")

    def test_is_left_out_when_every_place_is_next_to_the_quoted_paragraph(self):
        body = "<p>One.</p>\n<p>The words quoted.</p>\n"
        assert "pull-quote" not in with_pull_quote(body, "The words “quoted”")

    def test_the_quote_is_escaped(self):
        result = with_pull_quote("<p>A <b>bold</b> claim.</p>", "<b>bold</b>")
        assert "&lt;b&gt;bold&lt;/b&gt;" in result


def test_essay_lists_show_the_number_of_visible_comments(client):
    talked_about = ArticleFactory(title="The long argument")
    quiet = ArticleFactory(title="The quiet one")
    CommentFactory.create_batch(2, article=talked_about)
    CommentFactory(article=talked_about, status="pending")
    CommentFactory(article=quiet, status="spam")
    response = page(client, reverse("reviews:home"))
    link = f'<a href="{talked_about.get_absolute_url()}#comments">2 comments</a>'
    html = response.content.decode()
    assertInHTML(link, html)
    assert f"{quiet.get_absolute_url()}#comments" not in html


def test_tag_index_lists_tags_with_published_essays_and_their_counts(client):
    western = TagFactory(name="Westerns", slug="westerns")
    TagFactory(name="Unused", slug="unused")
    ArticleFactory.create_batch(2, tags=[western])

    response = page(client, reverse("reviews:tag-list"))

    assertContains(response, f'<a href="{western.get_absolute_url()}">Westerns</a>', html=True)
    assert "2 essays" in response.content.decode()
    assert "Unused" not in response.content.decode()


def test_the_bare_essays_address_leads_to_the_list_of_essays(client):
    response = client.get("/essays/")
    assert response.status_code == 301
    assert response["Location"] == reverse("reviews:home")


def test_author_page_offers_the_authors_feeds(client):
    critic = UserFactory(username="critic-ana")
    ArticleFactory(authors=[critic])
    response = page(client, reverse("reviews:author", kwargs={"username": "critic-ana"}))
    assert reverse("reviews:author-feed", kwargs={"username": "critic-ana"}) in (
        response.content.decode()
    )
