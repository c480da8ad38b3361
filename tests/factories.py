from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.set(Group.objects.filter(name__in=names))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Person"
        django_get_or_create = ["slug"]

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"person-{n}")
    birth_year = 1970


class WorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Work"
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Work number {n}")
    slug = factory.Sequence(lambda n: f"work-{n}")
    year = 2022
    kind = "feature"
    aspect_ratio = "1.85:1"


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Credit"

    work = factory.SubFactory(WorkFactory)
    person = factory.SubFactory(PersonFactory)
    role = "director"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Series"

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Tag"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published essay unless told otherwise. ``authors``, ``works``, ``people`` and ``tags``
    take lists."""

    class Meta:
        model = "reviews.Article"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"An essay about framing, part {n}")
    slug = factory.Sequence(lambda n: f"essay-{n}")
    dek = "How a camera's distance changes what we believe."
    body = (
        "The camera stays at a distance that feels polite until it does not.[^1]\n\n"
        "Later the frame narrows and the song takes over.\n\n"
        "[^1]: The lens is long enough to flatten the street."
    )
    status = "published"
    # Whole seconds, as the admin's form keeps them, so an unchanged save changes nothing.
    publish_at = factory.LazyFunction(
        lambda: (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # One revision for the finished essay, relations included, as the admin keeps on adding
        # one (see _after_postgeneration).
        article = model_class(*args, **kwargs)
        article.save(record_revision=False)
        return article

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.record_revision()

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create:
            self.authors.set(extracted if extracted is not None else [UserFactory()])

    @factory.post_generation
    def works(self, create, extracted, **kwargs):
        if create and extracted:
            self.subject_works.set(extracted)

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.subject_people.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved guest comment unless told otherwise; pass ``user=`` for an account's."""

    class Meta:
        model = "comments.Comment"

    article = factory.SubFactory(ArticleFactory)
    author_name = factory.Faker("name")
    author_email = factory.Sequence(lambda n: f"commenter{n}@example.org")
    body = "The second half earns the first half's patience."
    status = "approved"


class ArticleImageFactory(factory.django.DjangoModelFactory):
    """An image in an essay's body; pass ``image=`` an uploaded file."""

    class Meta:
        model = "reviews.ArticleImage"

    article = factory.SubFactory(ArticleFactory)
    alt = "Two figures at the far end of a long corridor."
    caption = "The corridor, held for a full minute."
    credit = "© The distributor"
