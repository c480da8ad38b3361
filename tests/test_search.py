from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reviews.search import ReaderQuery, highlight, search_articles
from tests.factories import ArticleFactory, CreditFactory, PersonFactory, WorkFactory

pytestmark = pytest.mark.django_db


SEARCH = reverse("reviews:search")


def found(query):
    return list(search_articles(query))


def test_finds_an_essay_by_a_word_of_its_body():
    essay = ArticleFactory(body="The dolly glides past the dressmaker's atelier at dawn.")
    ArticleFactory(body="Nothing about that here.")

    assert found("atelier") == [essay]


def test_finds_an_essay_by_the_title_of_a_work_it_discusses():
    film = WorkFactory(title="Phantom Thread", original_title="")
    essay = ArticleFactory(title="Sewing and power", works=[film])
    ArticleFactory(title="Another essay", works=[WorkFactory(title="Magnolia")])

    assert found("phantom thread") == [essay]


def test_finds_an_essay_by_a_works_original_title():
    film = WorkFactory(title="In the Mood for Love", original_title="Fa yeung nin wa")
    essay = ArticleFactory(title="Corridors", works=[film])

    assert found("yeung") == [essay]


def test_finds_an_essay_by_the_name_of_a_person_it_discusses():
    essay = ArticleFactory(title="On casting", people=[PersonFactory(name="Vicky Krieps")])
    ArticleFactory(people=[PersonFactory(name="Someone Else")])

    assert found("Krieps") == [essay]


def test_finds_an_essay_by_the_name_of_the_director_of_its_film():
    film = WorkFactory(title="Lost Track")
    CreditFactory(work=film, person=PersonFactory(name="Paul Thomas Anderson"))
    essay = ArticleFactory(title="A music video", works=[film])

    assert found("Anderson") == [essay]


def test_finds_an_essay_by_its_dek():
    essay = ArticleFactory(dek="Why the zoom lens embarrasses critics.")

    assert found("embarrasses") == [essay]


def test_every_word_must_match():
    both = ArticleFactory(body="A long take through the kitchen, then the dining room.")
    ArticleFactory(body="A long take through the kitchen only.")

    assert found("kitchen dining") == [both]


def test_drafts_and_scheduled_essays_are_not_found():
    ArticleFactory(status="draft", publish_at=None, body="Secret zoetrope.")
    ArticleFactory(
        status="scheduled",
        publish_at=timezone.now() + timedelta(days=2),
        body="Embargoed zoetrope.",
    )
    public = ArticleFactory(body="Public zoetrope.")

    assert found("zoetrope") == [public]


def test_essays_with_the_words_in_their_title_come_first():
    in_body = ArticleFactory(title="A study", body="The word cinemascope is in the body.")
    in_title = ArticleFactory(
        title="CinemaScope and its discontents",
        body="Nothing here.",
        publish_at=timezone.now() - timedelta(days=30),
    )

    assert found("cinemascope") == [in_title, in_body]


def test_a_word_with_a_minus_is_left_out():
    ArticleFactory(body="Technicolor dreams and a musical number.")
    silent = ArticleFactory(body="Technicolor dreams in silence.")

    assert found("technicolor -musical") == [silent]


def test_highlighting_escapes_the_text_and_marks_each_matched_word():
    terms = ReaderQuery("thread <script>").terms

    marked = highlight("<b>Phantom Thread</b> & threads", terms)

    assert marked == ("&lt;b&gt;Phantom <mark>Thread</mark>&lt;/b&gt; &amp; <mark>threads</mark>")


def test_a_reader_query_cannot_inject_markup_into_the_highlighting():
    terms = ReaderQuery('"<mark>" </mark> &amp;').terms

    marked = highlight("A <mark> tag & an &amp; entity", terms)

    assert marked == ("A &lt;<mark>mark</mark>&gt; tag &amp; an &amp;<mark>amp</mark>; entity")


def test_finds_words_whatever_their_accents_and_case():
    essay = ArticleFactory(title="Cléo from 5 to 7", body="AGNÈS VARDA follows a singer.")
    ArticleFactory(title="Another essay", body="Nothing about that here.")

    assert found("cleo") == [essay]
    assert found("Cleo") == [essay]
    assert found("cléo") == [essay]
    assert found("CLÉO") == [essay]
    assert found("agnes") == [essay]
    assert found("Agnès") == [essay]


def test_finds_text_written_with_or_without_accents_and_ranks_the_title_first():
    in_title = ArticleFactory(
        title="Cléo from 5 to 7",
        body="Nothing here.",
        publish_at=timezone.now() - timedelta(days=30),
    )
    in_body = ArticleFactory(title="Paris in real time", body="Cleo walks from the café.")

    for query in ("cleo", "Cleo", "cléo", "CLÉO"):
        assert found(query) == [in_title, in_body], query


def test_finds_an_essay_by_an_accented_name_typed_without_accents():
    essay = ArticleFactory(title="On the left bank", people=[PersonFactory(name="Agnès Varda")])
    ArticleFactory(people=[PersonFactory(name="Someone Else")])

    assert found("agnes varda") == [essay]


def test_a_dash_between_words_leaves_neither_out():
    essay = ArticleFactory(body="Cléo and Varda walk through Paris.")
    ArticleFactory(body="Cléo alone.")

    assert found("Cléo – Varda") == [essay]
    assert found("cleo — varda") == [essay]
    assert found("cleo - varda") == [essay]


def test_a_minus_before_a_word_still_leaves_it_out_whatever_its_accents():
    ArticleFactory(body="Technicolor dreams at the café.")
    elsewhere = ArticleFactory(body="Technicolor dreams at the cinema.")

    assert found("technicolor -cafe") == [elsewhere]
    assert found("technicolor -CAFÉ") == [elsewhere]


def test_curly_quotes_mark_a_phrase_as_straight_ones_do():
    phrase = ArticleFactory(body="A long take through the kitchen.")
    ArticleFactory(body="Take a long walk instead.")

    assert found("“long take”") == [phrase]
    assert found('"long take"') == [phrase]


def test_highlighting_ignores_accents_and_keeps_the_texts_own_spelling():
    terms = ReaderQuery("agnes CLEO").terms

    marked = highlight("Agnès Varda’s Cléo & co", terms)

    assert marked == "<mark>Agnès</mark> Varda’s <mark>Cléo</mark> &amp; co"


class TestResultsPage:
    def test_shows_title_dek_date_and_an_excerpt_with_the_terms_marked(self, client):
        essay = ArticleFactory(
            title="The dressmaker's house",
            dek="Inside the atelier.",
            body="First paragraph.\n\nLater the atelier fills with fabric and silence.",
        )

        response = client.get(SEARCH, {"q": "atelier"})

        assert response.status_code == 200
        assert response.context["paginator"].count == 1
        content = response.content.decode()
        assert essay.get_absolute_url() in content
        assert "The dressmaker&#x27;s house" in content
        assert "Inside the <mark>atelier</mark>." in content
        assert "Later the <mark>atelier</mark> fills with fabric and silence." in content
        assert f'datetime="{essay.publish_at.replace(microsecond=0).isoformat()}"' in content

    def test_echoes_the_query_escaped(self, client):
        response = client.get(SEARCH, {"q": '<script>alert("x")</script>'})

        assert response.status_code == 200
        content = response.content.decode()
        assert "<script>alert" not in content
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content

    def test_is_paginated_and_keeps_the_query_in_page_links(self, client):
        for n in range(12):
            ArticleFactory(title=f"Widescreen essay {n}")

        first = client.get(SEARCH, {"q": "widescreen"})
        second = client.get(SEARCH, {"q": "widescreen", "page": "2"})

        assert len(first.context["results"]) == 10
        assert "?q=widescreen&amp;page=2" in first.content.decode()
        assert len(second.context["results"]) == 2

    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"q": ""},
            {"q": "   "},
            {"q": "!!! ??? ..."},
            {"q": "film " * 400},
            {"q": '"unbalanced quote'},
            {"q": "-"},
            {"q": "a & b | c ! (d) :* <->"},
            {"q": "🎬 電影 фильм ﬁlm \u200b\u202e"},
            {"q": "film", "page": "abc"},
            {"q": "film", "page": "9999"},
            {"q": "film", "page": "-1"},
        ],
    )
    def test_malformed_input_gives_a_normal_page(self, client, params):
        ArticleFactory(title="A film about film")

        response = client.get(SEARCH, params)

        assert response.status_code == 200
        assert response.templates[0].name == "reviews/search.html"

    def test_a_nul_byte_is_refused_with_the_site_s_page(self, client):
        response = client.get(SEARCH, {"q": "nul\x00byte"})

        assert response.status_code == 400
        assert response.templates[0].name == "400.html"

    def test_the_query_length_is_capped(self, client):
        response = client.get(SEARCH, {"q": "x" * 5000})

        assert response.status_code == 200
        assert len(str(response.context["query"])) == 200

    def test_the_header_search_box_shows_the_cleaned_query(self, client):
        response = client.get(SEARCH, {"q": "  spaced   out <b>  "})

        content = response.content.decode()
        assert 'id="site-search-q" type="search" name="q"' in content
        assert content.count('value="spaced out &lt;b&gt;"') == 2  # the header's box and the page's

    def test_a_nul_byte_in_the_query_answers_400_with_the_site_page(self, client):
        # config.middleware.RejectNulBytesMiddleware, before the search sees it.
        response = client.get(SEARCH, {"q": "nul\x00byte <b>"})
        assert response.status_code == 400
        assert 'class="error-page"' in response.content.decode()

    def test_the_page_asks_search_engines_not_to_index_it(self, client):
        response = client.get(SEARCH, {"q": "film"})

        assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


class TestFilmsAndPeople:
    """One box finds films and people as well as essays, grouped, exact titles first."""

    @pytest.fixture
    def reichardt(self):
        director = PersonFactory(name="Kelly Reichardt", slug="kelly-reichardt")
        first_cow = WorkFactory(title="First Cow", slug="first-cow", year=2019)
        CreditFactory(work=first_cow, person=director)
        CreditFactory(
            work=WorkFactory(title="Wendy and Lucy", slug="wendy-and-lucy", year=2008),
            person=director,
        )
        WorkFactory(title="First Reformed", slug="first-reformed", year=2017)
        return director, first_cow

    def test_a_film_title_finds_the_film_first_and_the_essays_about_it(self, client, reichardt):
        _, first_cow = reichardt
        essay = ArticleFactory(title="Milk and honey", works=[first_cow])

        response = client.get(SEARCH, {"q": "first cow"})

        films = [work for work, _ in response.context["films"]]
        assert films[0] == first_cow
        assert [result.article for result in response.context["results"]] == [essay]
        assert 'id="search-films"' in response.content.decode()

    def test_an_exact_title_comes_before_titles_that_contain_its_words(self, reichardt):
        from reviews.search.catalogue import search_catalogue

        WorkFactory(title="The First Cow Returns", slug="first-cow-returns", year=2030)

        titles = [work.title for work in search_catalogue("first cow").films]

        assert titles == ["First Cow", "The First Cow Returns"]

    def test_a_surname_finds_the_person_and_the_films_they_directed(self, client, reichardt):
        director, _ = reichardt

        response = client.get(SEARCH, {"q": "reichardt"})

        assert [person for person, _ in response.context["people"]] == [director]
        assert {work.title for work, _ in response.context["films"]} == {
            "First Cow",
            "Wendy and Lucy",
        }
        content = response.content.decode()
        assert content.index('id="search-films"') < content.index('id="search-people"')

    def test_names_are_found_without_their_accents(self):
        from reviews.search.catalogue import search_catalogue

        varda = PersonFactory(name="Agnès Varda", slug="agnes-varda")

        assert search_catalogue("agnes").people == [varda]

    @pytest.mark.usefixtures("uncached_pages")
    def test_the_query_count_does_not_grow_with_the_results(
        self, client, reichardt, django_assert_max_num_queries
    ):
        director, first_cow = reichardt
        ArticleFactory(title="Reichardt's cattle", works=[first_cow])
        client.get(SEARCH, {"q": "reichardt"})  # warm caches (site, content types)
        with django_assert_max_num_queries(12) as few:
            client.get(SEARCH, {"q": "reichardt"})
        for number in range(6):
            work = WorkFactory(title=f"Reichardt study {number}", slug=f"study-{number}")
            CreditFactory(work=work, person=director)
            CreditFactory(work=work, person=PersonFactory(), role="writer")
            ArticleFactory(title=f"Reichardt at work {number}", works=[work])
        with django_assert_max_num_queries(len(few.captured_queries)) as many:
            client.get(SEARCH, {"q": "reichardt"})
        if connection.vendor == "postgresql":
            # Essays are matched on their stored vectors: none is computed per search.
            assert not [q for q in many.captured_queries if "to_tsvector" in q["sql"]]

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
    def test_a_misspelt_name_or_title_is_found_and_offered_back(self, client, reichardt):
        director, _ = reichardt
        WorkFactory(title="Licorice Pizza", slug="licorice-pizza", year=2021)

        response = client.get(SEARCH, {"q": "reichart"})
        assert [person for person, _ in response.context["people"]] == [director]
        assert response.context["suggestion"] == "Kelly Reichardt"

        response = client.get(SEARCH, {"q": "licorice piza"})
        assert [work.title for work, _ in response.context["films"]] == ["Licorice Pizza"]
        assert "Did you mean" in response.content.decode()
