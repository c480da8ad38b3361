"""Essays: the home page, an essay, an author's essays and the archive by date."""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.views import generic

from config import pagecache
from reviews import structured_data
from reviews.metadata import image_url
from reviews.models import Article
from reviews.models.authors import bylines_with_portraits
from reviews.views.base import ReadingMixin, essays


class ArticleView(ReadingMixin, generic.DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_page()

    def get(self, request, *args, **kwargs):
        try:
            # The published essay with everything its page shows about it, fetched once for
            # every reader until content changes (config.pagecache.kept). Not in get_object(),
            # which the preview of an unpublished essay shares.
            self.object = pagecache.kept(f"essay:{kwargs['slug']}", self.get_object)
        except Http404:
            # An essay keeps answering at the addresses it had before an editor changed its slug.
            moved = Article.objects.published().formerly_at(kwargs.get("slug")).first()
            if moved is None:
                raise
            return redirect(moved, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        article = self.object
        previous_essay = next_essay = None
        if article.series_id:
            siblings = list(
                Article.objects.published().in_series(article.series).only("title", "slug")
            )
            # A preview's essay is not among the published ones yet.
            index = siblings.index(article) if article in siblings else None
            if index is not None:
                previous_essay = siblings[index - 1] if index > 0 else None
                next_essay = siblings[index + 1] if index + 1 < len(siblings) else None
        return super().get_context_data(
            previous_essay=previous_essay,
            next_essay=next_essay,
            related=pagecache.kept(
                f"related:{article.pk}",
                lambda: Article.objects.published().for_listing().related_to(article),
            ),
            **kwargs,
        )

    def get_meta(self):
        article = self.object
        return {
            "title": article.title,
            "description": article.dek or article.summary,
            "image": image_url(article.hero_image),
            "image_alt": article.hero_alt,
            "og_type": "article",
            "published": article.publish_at,
            "modified": article.last_modified,
            "authors": [author.get_display_name() for author in article.authors.all()],
            "tags": [tag.name for tag in article.tags.all()],
        }

    def get_breadcrumbs(self):
        article = self.object
        if article.series_id:
            return [
                ("Series", reverse("reviews:series-list")),
                (article.series.title, article.series.get_absolute_url()),
                (article.title, article.get_absolute_url()),
            ]
        return [(article.title, article.get_absolute_url())]

    def get_structured_data(self):
        return [structured_data.article(self.object)]


class AuthorView(ReadingMixin, generic.ListView):
    """An author's essays. Only people with a published essay have a page: a reader's
    username is not made public by this address."""

    template_name = "reviews/author_detail.html"
    context_object_name = "essays"
    allow_empty = False

    def get_queryset(self):
        self.author = get_object_or_404(bylines_with_portraits(), username=self.kwargs["username"])
        return essays().written_by(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def get_meta(self):
        name = self.author.get_display_name()
        return {"title": name, "description": f"Essays by {name}.", "og_type": "profile"}

    def get_breadcrumbs(self):
        return [(self.author.get_display_name(), self.request.path)]

    def get_structured_data(self):
        return [structured_data.author(self.author)]


class ArchiveView(ReadingMixin, generic.ListView):
    """Every month with essays, grouped by year, with how many each month has."""

    template_name = "reviews/archive.html"
    context_object_name = "months"
    paginate_by = None

    def get_queryset(self):
        return Article.objects.published().month_counts()

    def get_meta(self):
        return {"title": "Archive", "description": "Every essay, by year and month."}

    def get_breadcrumbs(self):
        return [("Archive", self.request.path)]


class ArchiveMixin(ReadingMixin):
    date_field = "publish_at"
    context_object_name = "essays"
    allow_empty = False
    paginate_by = 24

    def get_queryset(self):
        return essays()


class ArchiveYearView(ArchiveMixin, generic.YearArchiveView):
    template_name = "reviews/archive_year.html"
    make_object_list = True

    def get_meta(self):
        return {
            "title": f"Essays from {self.get_year()}",
            "description": f"Every essay published in {self.get_year()}.",
        }

    def get_breadcrumbs(self):
        return [("Archive", reverse("reviews:archive")), (str(self.get_year()), self.request.path)]


class ArchiveMonthView(ArchiveMixin, generic.MonthArchiveView):
    template_name = "reviews/archive_month.html"
    month_format = "%m"

    def get_month_name(self):
        # Only called once the view has found essays in a real month.
        return date_format(date(int(self.get_year()), int(self.get_month()), 1), "F Y")

    def get_meta(self):
        return {
            "title": f"Essays from {self.get_month_name()}",
            "description": f"Every essay published in {self.get_month_name()}.",
        }

    def get_breadcrumbs(self):
        year = self.get_year()
        return [
            ("Archive", reverse("reviews:archive")),
            (str(year), reverse("reviews:archive-year", kwargs={"year": year})),
            (self.get_month_name(), self.request.path),
        ]
