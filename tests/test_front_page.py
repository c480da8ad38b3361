"""The front page: an editor-chosen lead, then sections that each link onward."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    CreditFactory,
    SeriesFactory,
    UserFactory,
    WorkFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("reviews:home")


def discussed_section(client):
    content = client.get(HOME).content.decode()
    section = content[content.index('id="discussed-title"') :]
    return section[: section.index("</section>")]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


class TestLead:
    def test_the_latest_essay_leads_when_none_is_featured(self, client):
        ArticleFactory(publish_at=days_ago(3))
        latest = ArticleFactory(publish_at=days_ago(1))

        assert client.get(HOME).context["lead"] == latest

    def test_an_essay_editors_feature_leads_even_when_older(self, client):
        chosen = ArticleFactory(publish_at=days_ago(9), featured=True)
        latest = ArticleFactory(publish_at=days_ago(1))

        response = client.get(HOME)

        assert response.context["lead"] == chosen
        assert response.context["latest"][0] == latest
        assert chosen not in response.context["latest"]

    def test_a_featured_draft_does_not_lead(self, client):
        ArticleFactory(featured=True, status="draft", publish_at=None)
        latest = ArticleFactory()

        assert client.get(HOME).context["lead"] == latest

    def test_titles_get_typographic_quotes(self, client):
        ArticleFactory(title='The "long take" -- again')

        assert "The “long take” – again" in client.get(HOME).content.decode()


class TestSections:
    def test_a_series_in_focus_lists_its_other_essays(self, client):
        series = SeriesFactory(title="Slow cinema")
        older = ArticleFactory(series=series, series_position=1, publish_at=days_ago(400))
        ArticleFactory.create_batch(8)

        response = client.get(HOME)

        assert response.context["series_in_focus"] == series
        assert list(response.context["series_essays"]) == [older]
        assert series.get_absolute_url() in response.content.decode()

    def test_films_recently_written_about_link_to_their_pages(self, client):
        work = WorkFactory(title="First Cow", slug="first-cow", year=2019)
        CreditFactory(work=work)
        ArticleFactory(works=[work])

        content = client.get(HOME).content.decode()

        assert 'id="films-title"' in content
        assert 'href="/works/first-cow/"' in content

    def test_the_most_discussed_essays_count_only_this_months_public_comments(self, client):
        talked_about = ArticleFactory(title="Everyone has an opinion")
        quiet = ArticleFactory(title="Read in silence")
        for _ in range(3):
            Comment.objects.create(
                article=talked_about,
                author_name="A reader",
                author_email="reader@example.org",
                body="I disagree.",
                status=Comment.Status.APPROVED,
            )
        Comment.objects.create(
            article=quiet,
            author_name="A reader",
            author_email="reader@example.org",
            body="Long ago.",
            status=Comment.Status.APPROVED,
            submitted_at=days_ago(60),
        )

        content = client.get(HOME).content.decode()

        section = content[content.index('id="discussed-title"') :]
        assert "Everyone has an opinion" in section
        assert "3 comments" in section
        assert "Read in silence" not in section[: section.index("</section>")]

    def test_the_most_discussed_count_is_kept_only_until_a_comment_changes(self, client):
        """Counted once for every reader, not once per signed-in page view; an approval makes
        it count again."""
        essay = ArticleFactory(title="Everyone has an opinion")
        moderator = UserFactory(is_superuser=True)
        client.force_login(UserFactory())

        def recent(text):
            return Comment.objects.create(
                article=essay,
                author_name="A reader",
                author_email="reader@example.org",
                body=text,
                status=Comment.Status.PENDING,
            )

        recent("First.").moderate("approve", moderator=moderator)
        assert "1 comment" in discussed_section(client)
        with CaptureQueriesContext(connection) as again:
            assert "1 comment" in discussed_section(client)
        assert not [q for q in again.captured_queries if "comments_comment" in q["sql"]]
        recent("Second.").moderate("approve", moderator=moderator)
        assert "2 comments" in discussed_section(client)

    def test_from_the_archive_never_repeats_an_essay_shown_above(self, client):
        ArticleFactory.create_batch(10)

        context = client.get(HOME).context

        shown = {context["lead"].pk, *(essay.pk for essay in context["latest"])}
        picks = list(context["from_the_archive"])
        assert len(picks) == 2
        assert not shown & {essay.pk for essay in picks}
