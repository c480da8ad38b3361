from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.feeds import absolute_links
from reviews.models import Article
from tests.factories import (
    ArticleFactory,
    CreditFactory,
    PersonFactory,
    SeriesFactory,
    TagFactory,
    UserFactory,
    WorkFactory,
)
from tests.html import assertInHTML

pytestmark = pytest.mark.django_db


FORMATS = [("rss", "application/rss+xml"), ("atom", "application/atom+xml")]


def feed_url(kind, fmt, slug=None):
    """reviews:feed-rss, reviews:feed-atom, reviews:person-feed, reviews:person-feed-atom…"""
    if kind == "site":
        return reverse(f"reviews:feed-{fmt}")
    name = f"reviews:{kind}-feed" + ("-atom" if fmt == "atom" else "")
    return reverse(name, kwargs={"slug": slug})


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return response, parsed


def links(parsed):
    return {entry.link for entry in parsed.entries}


def essay_link(article):
    return f"{settings.SITE_URL}{article.get_absolute_url()}"


@pytest.fixture
def unpublished():
    """Essays readers must not see: a draft and one scheduled for tomorrow."""
    return [
        ArticleFactory(status="draft", publish_at=None),
        ArticleFactory(status="scheduled", publish_at=timezone.now() + timedelta(days=1)),
    ]


@pytest.mark.parametrize("fmt,content_type", FORMATS)
def test_site_feed_lists_exactly_the_published_essays(client, unpublished, fmt, content_type):
    published = ArticleFactory()
    became_public = ArticleFactory(
        status="scheduled", publish_at=timezone.now() - timedelta(minutes=1)
    )

    response, parsed = fetch(client, feed_url("site", fmt))

    assert response["Content-Type"].startswith(content_type)
    assert parsed.version == ("rss20" if fmt == "rss" else "atom10")
    assert links(parsed) == {essay_link(published), essay_link(became_public)}
    assert settings.SITE_NAME in parsed.feed.title


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feed_item_carries_summary_full_text_authors_dates_and_tags(client, fmt):
    author = UserFactory(display_name="Ana Critic")
    coauthor = UserFactory(display_name="Ben Writer")
    article = ArticleFactory(
        title="Tom & Jerry's <Big> Day",
        excerpt="A summary with an ampersand & a <bracket>.",
        authors=[author, coauthor],
        tags=[TagFactory(name="Long takes"), TagFactory(name="Music videos")],
    )

    _, parsed = fetch(client, feed_url("site", fmt))

    (entry,) = parsed.entries
    assert entry.title == "Tom & Jerry's <Big> Day"
    # The description is HTML: the summary's text, escaped, so no reader drops "<bracket>".
    assert entry.summary == "A summary with an ampersand &amp; a &lt;bracket&gt;."
    assert "The camera stays at a distance" in entry.content[0].value
    # Footnote links point at the essay, so they still work in a feed reader.
    assert f'href="{essay_link(article)}#fn:1"' in entry.content[0].value
    names = {author.name for author in entry.authors}
    assert names == {"Ana Critic", "Ben Writer"}
    assert {tag.term for tag in entry.tags} == {"Long takes", "Music videos"}
    published = timezone.make_naive(article.publish_at, timezone.UTC)
    assert entry.published_parsed[:6] == published.timetuple()[:6]
    assert entry.id.startswith("tag:") and entry.id.endswith(f":essay:{article.pk}")


def test_atom_entry_says_when_the_essay_was_updated(client):
    article = ArticleFactory()

    _, parsed = fetch(client, feed_url("site", "atom"))

    updated = timezone.make_naive(article.updated_at, timezone.UTC)
    assert parsed.entries[0].updated_parsed[:6] == updated.timetuple()[:6]


def test_a_scheduled_essay_counts_as_updated_when_it_went_public(client):
    went_public = timezone.now() - timedelta(hours=1)
    article = ArticleFactory(status="scheduled", publish_at=went_public)
    # Saved two days before its time came: readers first saw it when it went public.
    Article.objects.filter(pk=article.pk).update(updated_at=went_public - timedelta(days=2))

    _, parsed = fetch(client, feed_url("site", "atom"))

    expected = timezone.make_naive(went_public, timezone.UTC)
    assert parsed.entries[0].updated_parsed[:6] == expected.timetuple()[:6]


def test_item_id_survives_a_change_of_slug(client):
    article = ArticleFactory(slug="first-slug")
    _, before = fetch(client, feed_url("site", "rss"))
    article.slug = "second-slug"
    article.save()

    _, after = fetch(client, feed_url("site", "rss"))

    assert before.entries[0].id == after.entries[0].id
    assert before.entries[0].link != after.entries[0].link


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_person_feed_lists_essays_about_them_and_their_films_only(client, unpublished, fmt):
    director = PersonFactory(name="Paul Thomas Anderson", slug="paul-thomas-anderson")
    film = WorkFactory(title="Phantom Thread", slug="phantom-thread")
    CreditFactory(person=director, work=film)
    about_director = ArticleFactory(people=[director])
    about_film = ArticleFactory(works=[film])
    ArticleFactory(people=[PersonFactory()])
    ArticleFactory(status="draft", publish_at=None, people=[director])
    ArticleFactory(status="scheduled", publish_at=timezone.now() + timedelta(hours=1), works=[film])

    _, parsed = fetch(client, feed_url("person", fmt, director.slug))

    assert links(parsed) == {essay_link(about_director), essay_link(about_film)}
    assert "Paul Thomas Anderson" in parsed.feed.title
    assert settings.SITE_NAME in parsed.feed.title


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_work_feed_lists_only_essays_about_that_work(client, fmt):
    film = WorkFactory(title="Licorice Pizza", year=2021)
    about_film = ArticleFactory(works=[film])
    ArticleFactory(works=[WorkFactory()])
    ArticleFactory(status="draft", publish_at=None, works=[film])

    _, parsed = fetch(client, feed_url("work", fmt, film.slug))

    assert links(parsed) == {essay_link(about_film)}
    assert "Licorice Pizza (2021)" in parsed.feed.title


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_series_feed_lists_only_that_series_published_essays(client, fmt):
    series = SeriesFactory(title="The Directors Series")
    in_series = ArticleFactory(series=series, series_position=1)
    ArticleFactory(series=SeriesFactory())
    ArticleFactory(series=series, status="scheduled", publish_at=timezone.now() + timedelta(days=3))

    _, parsed = fetch(client, feed_url("series", fmt, series.slug))

    assert links(parsed) == {essay_link(in_series)}
    assert "The Directors Series" in parsed.feed.title


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_tag_feed_lists_only_that_tag_published_essays(client, fmt):
    tag = TagFactory(name="Aspect ratios")
    tagged = ArticleFactory(tags=[tag])
    ArticleFactory(tags=[TagFactory()])
    ArticleFactory(tags=[tag], status="draft", publish_at=None)

    _, parsed = fetch(client, feed_url("tag", fmt, tag.slug))

    assert links(parsed) == {essay_link(tagged)}
    assert "Aspect ratios" in parsed.feed.title


@pytest.mark.parametrize("kind", ["person", "work", "series", "tag"])
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feed_of_unknown_slug_is_not_found(client, kind, fmt):
    assert client.get(feed_url(kind, fmt, "no-such-thing")).status_code == 404


def test_feed_links_to_itself_and_to_the_page_it_follows(client):
    tag = TagFactory()
    ArticleFactory(tags=[tag])

    _, parsed = fetch(client, feed_url("tag", "atom", tag.slug))

    assert parsed.feed.link == f"{settings.SITE_URL}{tag.get_absolute_url()}"
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [f"{settings.SITE_URL}{feed_url('tag', 'atom', tag.slug)}"]


@pytest.mark.usefixtures("uncached_pages")
def test_feed_queries_do_not_grow_with_the_number_of_essays(client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            fetch(client, feed_url("site", "rss"))
        return len(queries)

    ArticleFactory(authors=[UserFactory()], tags=[TagFactory()], works=[WorkFactory()])
    count_queries()  # the first request also loads the Site, which is then cached
    few = count_queries()
    for _ in range(5):
        ArticleFactory(authors=[UserFactory(), UserFactory()], tags=[TagFactory(), TagFactory()])

    assert count_queries() == few


def test_addresses_in_the_essay_body_are_made_absolute_for_feed_readers():
    body = (
        '<a href="#fn:1">1</a> <a href="https://example.net/">out</a> '
        '<img src="/media/a.jpg" srcset="/media/a-400.jpg 400w, /media/a-800.jpg 800w">'
    )

    html = absolute_links(body, "https://films.example/essays/x/")

    site = settings.SITE_URL
    assertInHTML('<a href="https://films.example/essays/x/#fn:1">1</a>', html)
    assertInHTML('<a href="https://example.net/">out</a>', html)
    assert f'src="{site}/media/a.jpg"' in html
    assert f'srcset="{site}/media/a-400.jpg 400w, {site}/media/a-800.jpg 800w"' in html


def test_an_authors_feeds_list_exactly_their_published_essays(client):
    critic = UserFactory(username="critic-ana", display_name="Ana Ruiz")
    mine = ArticleFactory(authors=[critic], title="Mine, published")
    ArticleFactory(authors=[critic], status="draft", publish_at=None, title="Mine, a draft")
    ArticleFactory(title="Someone else's")

    for name in ("reviews:author-feed", "reviews:author-feed-atom"):
        response = client.get(reverse(name, kwargs={"username": "critic-ana"}))
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo
        assert "Ana Ruiz" in parsed.feed.title
        assert [entry.title for entry in parsed.entries] == [mine.title]


def test_no_feed_for_someone_without_a_published_essay(client):
    UserFactory(username="reader-only")
    response = client.get(reverse("reviews:author-feed", kwargs={"username": "reader-only"}))
    assert response.status_code == 404
