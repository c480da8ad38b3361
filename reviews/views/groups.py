"""Series and tags: their lists and the essays in each."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import generic

from reviews.models import Series, Tag
from reviews.views.base import ReadingMixin, essays


class SeriesListView(ReadingMixin, generic.ListView):
    context_object_name = "series_list"
    template_name = "reviews/series_list.html"

    def get_queryset(self):
        return Series.objects.with_published_essays().order_by("title")

    def get_meta(self):
        return {"title": "Series", "description": "Essays written to be read together."}

    def get_breadcrumbs(self):
        return [("Series", self.request.path)]


class SeriesView(ReadingMixin, generic.ListView):
    """A series' essays in reading order; a series with none published yet is not shown."""

    template_name = "reviews/series_detail.html"
    context_object_name = "essays"
    allow_empty = False
    paginate_by = 30

    def get_queryset(self):
        self.series = get_object_or_404(Series, slug=self.kwargs["slug"])
        return essays().in_series(self.series)

    def get_context_data(self, **kwargs):
        return super().get_context_data(series=self.series, **kwargs)

    def get_meta(self):
        return {"title": self.series.title, "description": self.series.description}

    def get_breadcrumbs(self):
        return [("Series", reverse("reviews:series-list")), (self.series.title, self.request.path)]


class TagListView(ReadingMixin, generic.ListView):
    context_object_name = "tags"
    template_name = "reviews/tag_list.html"
    paginate_by = None

    def get_queryset(self):
        return Tag.objects.with_published_essays().order_by("name")

    def get_meta(self):
        return {"title": "Tags", "description": "Every subject the essays return to."}

    def get_breadcrumbs(self):
        return [("Tags", self.request.path)]


class TagView(ReadingMixin, generic.ListView):
    template_name = "reviews/tag_detail.html"
    context_object_name = "essays"
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return essays().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def get_meta(self):
        return {
            "title": f"Essays tagged “{self.tag.name}”",
            "description": f"Essays about {self.tag.name}.",
        }

    def get_breadcrumbs(self):
        return [(self.tag.name, self.request.path)]
