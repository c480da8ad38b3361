"""The catalogue: people and works, one at a time and in lists."""

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.views import generic

from reviews import structured_data
from reviews.markup import plain_text
from reviews.metadata import image_url
from reviews.models import Article, Credit, Person, Work
from reviews.views.base import ReadingMixin, essays


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
        return Work.objects.with_credits(by_role=True)

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
