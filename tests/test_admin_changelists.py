"""The desk's lists cost the same number of queries for five rows as for fifteen, and find what an
editor looks for."""

import pytest

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

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(username="list-editor", is_staff=True, groups=["Editors"]))
    return client


def add_essays(count, series):
    for _ in range(count):
        work = WorkFactory()
        CreditFactory(work=work)
        essay = ArticleFactory(
            works=[work],
            people=[PersonFactory()],
            tags=[TagFactory()],
            authors=[UserFactory(), UserFactory()],
        )
        essay.series = series
        essay.save()
        CommentFactory(article=essay)
        CommentFactory(article=essay, status="pending")


def queries_for(client, path, django_assert_max_num_queries):
    """Open ``path`` and return how many queries it took."""
    with django_assert_max_num_queries(1000) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/reviews/article/",
        "/admin/reviews/work/",
        "/admin/reviews/person/",
        "/admin/reviews/series/",
        "/admin/reviews/tag/",
    ],
)
def test_a_list_costs_the_same_for_five_rows_as_for_fifteen(
    editor_client, django_assert_max_num_queries, path
):
    series = SeriesFactory()
    add_essays(5, series)
    small = queries_for(editor_client, path, django_assert_max_num_queries)
    add_essays(10, series)
    large = queries_for(editor_client, path, django_assert_max_num_queries)

    assert large == small


def test_the_essay_list_counts_approved_and_pending_comments(editor_client):
    essay = ArticleFactory(title="Counting the comments")
    CommentFactory.create_batch(3, article=essay)
    CommentFactory(article=essay, status="pending")

    response = editor_client.get("/admin/reviews/article/")

    row = next(r for r in response.context["cl"].result_list if r.pk == essay.pk)
    assert (row.comment_count, row.pending_count) == (3, 1)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Lindqvist", "A signed essay"),  # an author's name
        ("Vertigo", "About a film"),  # the title of a film it discusses
        ("staircase", "Words in the body"),
    ],
)
def test_essays_are_found_by_author_film_or_words(editor_client, query, found):
    ArticleFactory(title="A signed essay", authors=[UserFactory(display_name="Mara Lindqvist")])
    ArticleFactory(title="About a film", works=[WorkFactory(title="Vertigo")])
    ArticleFactory(title="Words in the body", body="The staircase turns twice.")
    ArticleFactory(title="Unrelated")

    response = editor_client.get("/admin/reviews/article/", {"q": query})

    assert [a.title for a in response.context["cl"].result_list] == [found]


def test_the_author_filter_offers_only_people_who_have_written(editor_client):
    writer = UserFactory(display_name="Ruth Adebayo")
    UserFactory(display_name="A reader who only comments")
    ArticleFactory(authors=[writer])

    response = editor_client.get("/admin/reviews/article/")

    authors = next(f for f in response.context["cl"].filter_specs if f.field_path == "authors")
    assert [label for _, label in authors.lookup_choices] == ["Ruth Adebayo"]
