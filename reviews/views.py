from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.views import generic

from reviews import structured_data
from reviews.markup import plain_text
from reviews.metadata import PageMeta, absolute_url, image_url
from reviews.models import Article, Credit, Person, Series, Tag, Work


def essays():
    """Published essays with what a list of them shows."""
    return Article.objects.published().for_listing()


class ReadingMixin:
    """What every reading page shares: forgiving pagination and the metadata in its head —
    title, description, social card, canonical address, breadcrumbs and JSON-LD.

    A page describes itself by overriding ``get_meta()`` (keyword arguments for
    :class:`~reviews.metadata.PageMeta`), ``get_breadcrumbs()`` (``(name, path)`` pairs after
    Home) and ``get_structured_data()`` (schema.org nodes).
    """

    paginate_by = 12

    def paginate_queryset(self, queryset, page_size):
        # ?page=abc or ?page=999 shows the nearest real page: old links and typos are not errors.
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_meta(self):
        return {}

    def get_breadcrumbs(self):
        return []

    def get_structured_data(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        meta = self.get_meta()
        canonical = self.request.path
        if page and page.number > 1:
            canonical += f"?page={page.number}"
            meta["title"] = f"{meta.get('title') or 'Latest essays'}, page {page.number}"
        crumbs = self.get_breadcrumbs()
        crumbs = [("Home", reverse("reviews:home")), *crumbs] if crumbs else []
        context["meta"] = PageMeta(canonical=absolute_url(canonical), **meta)
        context["breadcrumbs"] = crumbs
        context["structured_data"] = structured_data.graph(
            *self.get_structured_data(), structured_data.breadcrumbs(crumbs)
        )
        return context


class ArticleView(ReadingMixin, generic.DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_page()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An essay keeps answering at the addresses it had before an editor changed its slug.
            moved = Article.objects.published().formerly_at(kwargs.get("slug")).first()
            if moved is None:
                raise
            return redirect(moved, permanent=True)

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
            related=Article.objects.published().related_to(article).for_listing()[:4],
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


class PersonView(ReadingMixin, generic.DetailView):
    model = Person
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        person = self.object
        filmography = Credit.objects.filter(person=person).filmography()
        filmography = filmography.prefetch_related(
            Prefetch("work__articles", queryset=Article.objects.published().only("slug"))
        )
        return super().get_context_data(
            filmography=filmography,
            essays=essays().about_person(person),
            **kwargs,
        )

    def get_meta(self):
        person = self.object
        return {
            "title": person.name,
            "description": plain_text(person.bio_html) or f"Essays about {person.name}.",
            "image": image_url(person.portrait),
            "image_alt": person.portrait_alt,
            "og_type": "profile",
        }

    def get_breadcrumbs(self):
        person = self.object
        return [("People", reverse("reviews:person-list")), (person.name, self.request.path)]

    def get_structured_data(self):
        return [structured_data.person(self.object, full=True)]


class WorkView(ReadingMixin, generic.DetailView):
    context_object_name = "work"

    def get_queryset(self):
        return Work.objects.with_credits()

    def get_context_data(self, **kwargs):
        work = self.object
        return super().get_context_data(
            essays=essays().about_work(work),
            **kwargs,
        )

    def get_meta(self):
        work = self.object
        directors = ", ".join(person.name for person in work.directors)
        fallback = f"{work}{', directed by ' + directors if directors else ''}: essays and credits."
        return {
            "title": str(work),
            "description": work.synopsis or fallback,
            "image": image_url(work.poster),
            "image_alt": work.poster_alt,
            "og_type": "video.other" if work.is_music_video else "video.movie",
        }

    def get_breadcrumbs(self):
        return [("Films", reverse("reviews:work-list")), (str(self.object), self.request.path)]

    def get_structured_data(self):
        return [structured_data.work(self.object, full=True)]


class PersonListView(ReadingMixin, generic.ListView):
    context_object_name = "people"
    paginate_by = 60

    def get_queryset(self):
        return (
            Person.objects.annotate(work_count=Count("credits__work", distinct=True))
            .prefetch_related(Prefetch("credits", queryset=Credit.objects.only("person", "role")))
            .order_by("sort_name", "name")
        )

    def get_meta(self):
        return {
            "title": "People",
            "description": "Directors, writers, cinematographers, "
            "composers and performers whose work the essays discuss.",
        }

    def get_breadcrumbs(self):
        return [("People", self.request.path)]


class WorkListView(ReadingMixin, generic.ListView):
    context_object_name = "works"
    paginate_by = 48

    def get_kind(self):
        kind = self.request.GET.get("kind")
        return kind if kind in Work.Kind.values else None

    def get_queryset(self):
        works = Work.objects.with_credits().with_essay_counts().order_by("title", "year")
        if kind := self.get_kind():
            works = works.filter(kind=kind)
        return works

    def get_context_data(self, **kwargs):
        kind = self.get_kind()
        return super().get_context_data(
            kinds=Work.Kind.choices, kind=kind, kind_label=kind and Work.Kind(kind).label, **kwargs
        )

    def get_meta(self):
        return {
            "title": "Films",
            "description": "Every film, short, music video and episode the essays discuss.",
        }

    def get_breadcrumbs(self):
        return [("Films", self.request.path)]


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


class AuthorView(ReadingMixin, generic.ListView):
    """An author's essays. Only people with a published essay have a page: a reader's
    username is not made public by this address."""

    template_name = "reviews/author_detail.html"
    context_object_name = "essays"
    allow_empty = False

    def get_queryset(self):
        self.author = get_object_or_404(get_user_model(), username=self.kwargs["username"])
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
