from dataclasses import dataclass

from django.conf import settings
from django.views.generic import ListView

from reviews.models import Article
from reviews.search.catalogue import Catalogue, search_catalogue
from reviews.search.essays import search_articles, snippet
from reviews.search.query import ReaderQuery, highlight
from reviews.views.base import ReadingMixin

RESULTS_PER_PAGE = 10


@dataclass
class Result:
    """An essay found, with its title, dek, works and a passage of its text highlighted."""

    article: Article
    title: str
    dek: str
    works: list[str]
    excerpt: str


class SearchView(ReadingMixin, ListView):
    """GET /search/?q=…: films, people and essays, in that order. Whatever a reader types (or
    a crawler invents) gives a normal page; later pages go on through the essays only."""

    template_name = "reviews/search.html"
    context_object_name = "essays"
    paginate_by = RESULTS_PER_PAGE

    def get_queryset(self):
        self.query = ReaderQuery(self.request.GET.get("q", ""))
        return search_articles(self.query).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        first_page = context["page_obj"].number == 1
        catalogue = search_catalogue(self.query) if first_page else Catalogue()
        context["suggestion"] = catalogue.suggestion
        context["films"] = [
            (work, highlight(work.title, self.query.terms)) for work in catalogue.films
        ]
        context["people"] = [
            (person, highlight(person.name, self.query.terms)) for person in catalogue.people
        ]
        context["results"] = [
            Result(
                article=article,
                title=highlight(article.title, self.query.terms),
                dek=highlight(article.dek, self.query.terms),
                works=[
                    highlight(str(work), self.query.terms) for work in article.subject_works.all()
                ],
                excerpt=snippet(article, self.query.terms),
            )
            for article in context["page_obj"]
        ]
        return context

    def get_meta(self):
        if self.query:
            return {"title": f"Search results for “{self.query}”"}
        return {
            "title": "Search",
            "description": f"Search the essays, films and people of {settings.SITE_NAME}.",
        }

    def get_breadcrumbs(self):
        return [("Search", self.request.path)]
