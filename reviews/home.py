"""The front page, laid out like a magazine's."""

import random

from django.db.models import Max
from django.views import generic

from reviews import structured_data
from reviews.models import Article, Series, Work
from reviews.views.base import ReadingMixin, essays


class HomeView(ReadingMixin, generic.ListView):
    """The front page: the lead essay (chosen by editors, or the latest), the latest essays,
    a series in focus, the films recently written about and a few from the archive. The most
    discussed essays come from the comments app's ``most_discussed_essays`` tag. Later pages
    list the essays. A fixed number of queries however many essays there are (one more when
    the newest essays discuss fewer films than the section shows)."""

    template_name = "reviews/home.html"
    context_object_name = "essays"
    # Page one shows the lead and the rest of its page: no essay falls between it and page two.
    paginate_by = 8
    archive_count = 3

    def get_queryset(self):
        return essays()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number > 1:
            return context
        lead = essays().front_page_lead()
        latest = [essay for essay in context["essays"] if essay != lead]
        shown = [essay.pk for essay in latest] + ([lead.pk] if lead else [])
        series = (
            Series.objects.with_published_essays()
            .annotate(last_published=Max("articles__publish_at"))
            .order_by("-last_published", "title")
            .first()
        )
        context.update(
            lead=lead,
            latest=latest,
            series_in_focus=series,
            series_essays=(essays().in_series(series).exclude(pk__in=shown)[:4] if series else []),
            discussed_works=Work.objects.with_credits().recently_discussed(6),
            from_the_archive=self.from_the_archive(shown),
        )
        return context

    def from_the_archive(self, shown):
        """A few published essays at random, none of them among ``shown``. The ids come from
        the essays' date index and the draw is made here: ``ORDER BY random()`` read and sorted
        every essay's row, bodies and all."""
        ids = Article.objects.published().exclude(pk__in=shown).values_list("pk", flat=True)
        ids = list(ids.order_by())
        picks = random.sample(ids, min(self.archive_count, len(ids)))
        found = Article.objects.select_related("series").prefetch_related("authors")
        found = found.in_bulk(picks)
        return [found[pk] for pk in picks if pk in found]

    def get_structured_data(self):
        return [structured_data.website(), structured_data.organization()]
