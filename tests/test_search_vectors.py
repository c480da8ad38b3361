"""Each essay's stored search vector follows the text it is made of: its own fields, its subject
works and people, their titles and names, and the people credited on its works. Imports and
loaders write the vectors of all their essays with one UPDATE at the end."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import Article, Credit
from reviews.models.search_vector import refreshed_at_the_end
from reviews.search import search_articles
from tests.factories import ArticleFactory, CreditFactory, PersonFactory, WorkFactory
from tests.wordpress_files import export, post, run_import

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL stores search vectors"
)


def found(query):
    return list(search_articles(query))


def vector_updates(queries):
    return [
        q for q in queries if q["sql"].startswith('UPDATE "reviews_article" SET "search_vector"')
    ]


@on_postgresql
def test_an_essay_is_found_by_a_new_word_right_after_its_body_is_edited():
    essay = ArticleFactory(body="The dolly glides past the atelier.")
    assert found("zoetrope") == []

    essay.body = "A zoetrope spins in the corner of the atelier."
    essay.save()

    assert found("zoetrope") == [essay]


@on_postgresql
def test_renaming_a_person_finds_the_essay_by_the_new_name_and_not_the_old():
    person = PersonFactory(name="Vicky Krieps")
    essay = ArticleFactory(title="On casting", people=[person])

    person.name = "Isabelle Huppert"
    person.save()

    assert found("Huppert") == [essay]
    assert found("Krieps") == []


@on_postgresql
def test_renaming_the_director_of_an_essays_film_changes_the_name_it_is_found_by():
    director = PersonFactory(name="Paul Thomas Anderson")
    film = WorkFactory(title="Lost Track")
    CreditFactory(work=film, person=director)
    essay = ArticleFactory(title="A music video", works=[film])

    director.name = "Lynne Ramsay"
    director.save()

    assert found("Ramsay") == [essay]
    assert found("Anderson") == []


@on_postgresql
def test_adding_a_work_to_an_essays_subjects_finds_it_by_the_works_title():
    essay = ArticleFactory(title="Sewing and power")
    film = WorkFactory(title="Phantom Thread", original_title="")
    assert found("phantom thread") == []

    essay.subject_works.add(film)

    assert found("phantom thread") == [essay]


@on_postgresql
def test_a_work_taken_off_its_essays_no_longer_finds_them():
    film = WorkFactory(title="Phantom Thread", original_title="")
    ArticleFactory(works=[film])
    ArticleFactory(works=[film])
    assert len(found("phantom thread")) == 2

    film.articles.clear()

    assert found("phantom thread") == []


@on_postgresql
def test_retitling_a_work_finds_its_essays_by_the_new_title():
    film = WorkFactory(title="Working Title", original_title="")
    essay = ArticleFactory(works=[film])

    film.title = "Meek's Cutoff"
    film.save()

    assert found("cutoff") == [essay]
    assert found("working title") == []


@on_postgresql
def test_a_credit_added_or_removed_adds_or_removes_the_name():
    film = WorkFactory(title="First Cow")
    essay = ArticleFactory(works=[film])

    credit = CreditFactory(work=film, person=PersonFactory(name="Kelly Reichardt"))
    assert found("reichardt") == [essay]

    credit.delete()
    assert found("reichardt") == []


@on_postgresql
def test_deleting_a_person_takes_their_name_out_of_the_essays():
    person = PersonFactory(name="Vicky Krieps")
    film = WorkFactory()
    CreditFactory(work=film, person=person)
    ArticleFactory(people=[person])
    ArticleFactory(works=[film])
    assert len(found("Krieps")) == 2

    person.delete()

    assert found("Krieps") == []


@on_postgresql
def test_editing_a_biography_rewrites_no_vector():
    person = PersonFactory(name="Vicky Krieps")
    ArticleFactory(people=[person])
    assert len(found("Krieps")) == 1

    person.bio = "Born in Luxembourg."
    with CaptureQueriesContext(connection) as queries:
        person.save()

    assert vector_updates(queries.captured_queries) == []


@on_postgresql
def test_essays_changed_inside_a_block_are_refreshed_by_one_update_at_its_end():
    film = WorkFactory(title="Phantom Thread", original_title="")
    with CaptureQueriesContext(connection) as queries, refreshed_at_the_end():
        essays = [ArticleFactory(works=[film]) for _ in range(3)]
        assert found("phantom") == []

    assert len(vector_updates(queries.captured_queries)) == 1
    assert set(found("phantom")) == set(essays)


@on_postgresql
def test_inside_a_block_a_saved_or_relinked_essay_is_noted_without_a_query():
    essay, person = ArticleFactory(), PersonFactory()
    with refreshed_at_the_end():
        with CaptureQueriesContext(connection) as queries:
            essay.title = "A new title"
            essay.save()
            essay.subject_people.add(person)
        # Which essays to refresh is known: nobody asks the database for their ids.
        asked = [q["sql"] for q in queries.captured_queries]
        assert not [
            sql for sql in asked if sql.startswith('SELECT "reviews_article"."id" AS "pk" FROM')
        ]
    assert found("new title") == [essay]


@on_postgresql
def test_imported_posts_are_found_and_their_vectors_written_by_one_update(media_root, tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(
        export(
            post(1, "<p>A zoetrope in the lobby.</p>", slug="one"),
            post(2, "<p>The zoetrope again, at dawn.</p>", slug="two"),
        )
    )

    with CaptureQueriesContext(connection) as queries:
        run_import(path)

    assert len(vector_updates(queries.captured_queries)) == 1
    assert len(found("zoetrope")) == 2


@on_postgresql
def test_benchmark_essays_are_found_by_their_subjects():
    # Bulk-created, so no signal ever told the vectors: the command writes them itself.
    call_command("load_bench_data", essays=4, people=2, works=2, comments=3400, stdout=StringIO())

    assert len(found("framing")) == 4
    assert set(found("Person 1")) == set(Article.objects.filter(subject_people__name="Person 1"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a check of SQLite, which stores none")
def test_sqlite_keeps_no_vectors_and_spends_no_query_on_them(django_assert_num_queries):
    person = PersonFactory(name="Vicky Krieps")
    film = WorkFactory()
    essay = ArticleFactory(people=[person], works=[film])

    with django_assert_num_queries(0):
        Article.objects.all().refresh_search_vectors()
    with CaptureQueriesContext(connection) as queries:
        person.name = "Isabelle Huppert"
        person.save()
        Credit.objects.create(work=film, person=person, role="director")
        film.articles.clear()

    # Neither written, nor the essays concerned looked up, nor the old name read back.
    looked_up = ('SELECT "reviews_article"."id"', 'SELECT "reviews_person"."name"')
    assert not [q for q in queries.captured_queries if "search_vector" in q["sql"]]
    assert not [q for q in queries.captured_queries if q["sql"].startswith(looked_up)]
    essay.refresh_from_db()
    assert essay.search_vector is None
