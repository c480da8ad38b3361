from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews.models import Article, Credit, Work
from tests.factories import (
    ArticleFactory,
    CreditFactory,
    PersonFactory,
    SeriesFactory,
    WorkFactory,
)


def validation_errors(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


class TestAspectRatio:
    @pytest.mark.parametrize("ratio", ["2.35:1", "1.85:1", "4:3", "16:9", "1.375:1", "2.39:1"])
    @pytest.mark.django_db
    def test_ratios_written_as_film_people_write_them_are_accepted(self, ratio):
        WorkFactory.build(aspect_ratio=ratio).full_clean()

    @pytest.mark.parametrize(
        "ratio",
        ["wide", "2.35", "2.35/1", "1.85 : 1", "0:1", "4:0", "1:20", "20:1", "-4:3", "4:3:2"],
    )
    @pytest.mark.django_db
    def test_malformed_or_implausible_ratios_are_an_error_on_the_aspect_ratio_field(self, ratio):
        errors = validation_errors(WorkFactory.build(aspect_ratio=ratio))
        assert list(errors) == ["aspect_ratio"]

    @pytest.mark.django_db
    def test_a_blank_ratio_is_allowed(self):
        WorkFactory.build(aspect_ratio="").full_clean()


@pytest.mark.django_db
class TestPullQuote:
    def test_a_pull_quote_copied_from_the_body_is_accepted(self):
        article = ArticleFactory(pull_quote="Later the frame narrows and the song takes over.")
        article.full_clean()

    def test_a_pull_quote_copied_from_the_rendered_page_is_accepted(self):
        # Smart quotes appear on the page although the Markdown has straight ones.
        article = ArticleFactory(body="It's the camera's patience that matters here.")
        article.pull_quote = "It’s the camera’s patience"
        article.full_clean()

    def test_a_pull_quote_not_in_the_body_is_an_error_on_the_pull_quote_field(self):
        article = ArticleFactory(pull_quote="A sentence the critic never wrote.")
        errors = validation_errors(article)
        assert list(errors) == ["pull_quote"]

    def test_a_pull_quote_longer_than_200_characters_is_refused(self):
        article = ArticleFactory(body="word " * 100)
        article.pull_quote = ("word " * 50).strip()
        assert "pull_quote" in validation_errors(article)


@pytest.mark.django_db
class TestScheduledVisibility:
    def test_an_essay_scheduled_a_moment_ago_is_public(self):
        essay = ArticleFactory(status="scheduled", publish_at=timezone.now() - timedelta(seconds=1))
        assert essay in Article.objects.published()
        assert essay.is_public

    def test_an_essay_scheduled_a_moment_from_now_is_not_public(self):
        essay = ArticleFactory(
            status="scheduled", publish_at=timezone.now() + timedelta(seconds=30)
        )
        assert essay not in Article.objects.published()
        assert not essay.is_public

    def test_a_scheduled_essay_becomes_public_exactly_at_its_publication_time(self):
        moment = timezone.now().replace(microsecond=0) + timedelta(hours=2)
        essay = ArticleFactory(status="scheduled", publish_at=moment)
        with mock.patch("django.utils.timezone.now", return_value=moment - timedelta(seconds=1)):
            assert essay not in Article.objects.published()
        with mock.patch("django.utils.timezone.now", return_value=moment):
            assert essay in Article.objects.published()
            assert Article.objects.get(pk=essay.pk).is_public

    def test_drafts_are_never_public(self):
        essay = ArticleFactory(status="draft", publish_at=timezone.now() - timedelta(days=1))
        assert essay not in Article.objects.published()


@pytest.mark.django_db
class TestQuerySetWords:
    def test_in_series_orders_by_position_then_date_with_unnumbered_last(self):
        series = SeriesFactory()
        loose = ArticleFactory(series=series, series_position=None)
        first = ArticleFactory(series=series, series_position=1)
        second = ArticleFactory(series=series, series_position=2)
        assert list(Article.objects.in_series(series)) == [first, second, loose]

    def test_month_counts_count_published_essays_per_month(self):
        now = timezone.now()
        ArticleFactory(publish_at=now.replace(year=2024, month=3, day=2))
        ArticleFactory(publish_at=now.replace(year=2024, month=3, day=20))
        ArticleFactory(publish_at=now.replace(year=2023, month=11, day=5))
        ArticleFactory(status="draft", publish_at=now.replace(year=2024, month=3, day=5))
        rows = [
            (row["month"].year, row["month"].month, row["count"])
            for row in Article.objects.published().month_counts()
        ]
        assert rows == [(2024, 3, 2), (2023, 11, 1)]

    def test_filmography_groups_credits_by_role_in_role_order_and_by_year(self):
        person = PersonFactory()
        late = WorkFactory(year=2021)
        early = WorkFactory(year=1997)
        CreditFactory(person=person, work=late, role=Credit.Role.WRITER)
        CreditFactory(person=person, work=late, role=Credit.Role.DIRECTOR)
        CreditFactory(person=person, work=early, role=Credit.Role.DIRECTOR)
        credits = [
            (c.role, c.work.year) for c in Credit.objects.filter(person=person).filmography()
        ]
        assert credits == [("director", 1997), ("director", 2021), ("writer", 2021)]

    def test_discussed_works_are_those_of_published_essays_latest_first(self):
        old, recent, undiscussed, drafted = WorkFactory.create_batch(4)
        ArticleFactory(works=[old], publish_at=timezone.now() - timedelta(days=30))
        ArticleFactory(works=[recent], publish_at=timezone.now() - timedelta(days=1))
        ArticleFactory(works=[drafted], status="draft")
        assert list(Work.objects.discussed()) == [recent, old]

    def test_the_recently_discussed_works_are_the_first_of_the_discussed_ones(self):
        works = WorkFactory.create_batch(5)
        now = timezone.now()
        # The newest essays keep returning to one film; the others were discussed long ago.
        for days, work in [(40, works[1]), (30, works[2]), (20, works[3]), (10, works[4])]:
            ArticleFactory(works=[work], publish_at=now - timedelta(days=days))
        ArticleFactory.create_batch(30, works=[works[0]], publish_at=now - timedelta(hours=1))
        ArticleFactory(works=[works[3]], status="draft")
        expected = list(Work.objects.discussed()[:3])
        assert expected == [works[0], works[4], works[3]]
        # Three works are more than the newest essays (all about one film) discuss: it asks
        # of every essay, and finds the same.
        assert Work.objects.recently_discussed(3) == expected
        assert Work.objects.recently_discussed(1) == [works[0]]

    def test_essay_counts_count_only_published_essays(self):
        work = WorkFactory()
        ArticleFactory.create_batch(2, works=[work])
        ArticleFactory(works=[work], status="draft")
        assert Work.objects.with_essay_counts().get(pk=work.pk).essay_count == 2
