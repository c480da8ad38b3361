"""Files nothing needs any more are deleted, but only once the change that made them unneeded
is committed; and the regeneration command can prune renditions left from old widths and crops."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from reviews.images import Crop, renditions_for
from reviews.models import Article, ArticleRevision, Person, Work
from tests.factories import (
    ArticleFactory,
    ArticleImageFactory,
    PersonFactory,
    UserFactory,
    WorkFactory,
)
from tests.imagefiles import image_bytes, upload

pytestmark = pytest.mark.django_db


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def files_of(fieldfile):
    """The original and every rendition of a stored image."""
    return [fieldfile.name, *(r.name for r in renditions_for(fieldfile))]


class TestReplacingAnImage:
    def test_the_old_file_and_its_renditions_go_when_the_save_commits(
        self, media_root, django_capture_on_commit_callbacks
    ):
        person = PersonFactory(portrait=upload(image_bytes(900, 600), "old.jpg"), portrait_alt="x")
        old = files_of(person.portrait)

        person = Person.objects.get(pk=person.pk)
        with django_capture_on_commit_callbacks(execute=True):
            person.portrait = upload(image_bytes(700, 700), "new.jpg")
            person.save()
            # Until the commit, the old files are still there.
            assert all((media_root / name).exists() for name in old)

        assert stored_files(media_root) == sorted(files_of(person.portrait))

    def test_a_rolled_back_save_deletes_nothing(
        self, media_root, django_capture_on_commit_callbacks
    ):
        work = WorkFactory(poster=upload(image_bytes(900, 600), "old.jpg"), poster_alt="x")
        old = files_of(work.poster)

        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            work = Work.objects.get(pk=work.pk)
            work.poster = upload(image_bytes(700, 700), "new.jpg")
            work.save()
            raise RuntimeError("the rest of the change failed")

        assert callbacks == []
        assert Work.objects.get(pk=work.pk).poster.name == old[0]
        assert all((media_root / name).exists() for name in old)

    def test_a_new_crop_deletes_the_old_crop_s_renditions(
        self, media_root, django_capture_on_commit_callbacks
    ):
        article = ArticleFactory(
            hero_image=upload(image_bytes(1500, 1000)), hero_alt="x", hero_crop=Crop.WIDE
        )
        wide = files_of(article.hero_image)[1:]

        with django_capture_on_commit_callbacks(execute=True):
            article.hero_crop = Crop.ORIGINAL
            article.save()

        assert stored_files(media_root) == sorted(files_of(article.hero_image))
        assert not any((media_root / name).exists() for name in wide)

    def test_a_replaced_hero_image_is_kept_while_a_saved_version_names_it(
        self, media_root, django_capture_on_commit_callbacks
    ):
        editor = UserFactory()
        article = ArticleFactory(hero_image=upload(image_bytes(900, 600), "old.jpg"), hero_alt="x")
        first = ArticleRevision.record(article, user=editor)
        old_name, old_renditions = article.hero_image.name, files_of(article.hero_image)[1:]

        with django_capture_on_commit_callbacks(execute=True):
            article.hero_image = upload(image_bytes(700, 700), "new.jpg")
            article.save()
            ArticleRevision.record(article, user=editor)

        assert (media_root / old_name).exists()
        assert not any((media_root / name).exists() for name in old_renditions)

        first.restore(by=editor)

        restored = Article.objects.get(pk=article.pk).hero_image
        assert restored.name == old_name
        assert all((media_root / name).exists() for name in files_of(restored))


class TestDeletingTheOwner:
    def test_deleting_an_essay_deletes_its_hero_image_and_body_images(
        self, media_root, django_capture_on_commit_callbacks
    ):
        article = ArticleFactory(hero_image=upload(image_bytes(900, 600)), hero_alt="x")
        figures = [
            ArticleImageFactory(article=article, image=upload(image_bytes(800, 500), "a.jpg")),
            ArticleImageFactory(article=article, image=upload(image_bytes(600, 600), "b.jpg")),
        ]
        ArticleRevision.record(article)
        every_file = files_of(article.hero_image) + [n for f in figures for n in files_of(f.image)]
        assert stored_files(media_root) == sorted(every_file)

        with django_capture_on_commit_callbacks(execute=True):
            Article.objects.filter(pk=article.pk).delete()

        assert stored_files(media_root) == []

    def test_deleting_an_image_in_the_body_deletes_its_files(
        self, media_root, django_capture_on_commit_callbacks
    ):
        article = ArticleFactory(hero_image=upload(image_bytes(900, 600)), hero_alt="x")
        figure = ArticleImageFactory(article=article, image=upload(image_bytes(800, 500), "a.jpg"))

        with django_capture_on_commit_callbacks(execute=True):
            figure.delete()

        assert stored_files(media_root) == sorted(files_of(article.hero_image))

    def test_deleting_a_work_or_a_person_deletes_their_image(
        self, media_root, django_capture_on_commit_callbacks
    ):
        work = WorkFactory(poster=upload(image_bytes(500, 700)), poster_alt="x")
        person = PersonFactory(portrait=upload(image_bytes(400, 500)), portrait_alt="x")

        with django_capture_on_commit_callbacks(execute=True):
            work.delete()
            person.delete()

        assert stored_files(media_root) == []

    def test_a_file_another_object_still_shows_is_kept(
        self, media_root, django_capture_on_commit_callbacks
    ):
        first = WorkFactory(poster=upload(image_bytes(900, 600)), poster_alt="x")
        # The demo content shares files like this between databases' worth of objects.
        second = WorkFactory(poster=first.poster.name, poster_alt="x", poster_crop=Crop.SQUARE)
        kept = sorted(files_of(second.poster))

        with django_capture_on_commit_callbacks(execute=True):
            first.delete()

        assert stored_files(media_root) == kept

    def test_a_rolled_back_delete_deletes_nothing(
        self, media_root, django_capture_on_commit_callbacks
    ):
        work = WorkFactory(poster=upload(image_bytes(500, 700)), poster_alt="x")
        before = stored_files(media_root)

        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            work.delete()
            raise RuntimeError("changed my mind")

        assert callbacks == []
        assert stored_files(media_root) == before


class TestPruning:
    def test_prune_removes_renditions_no_width_crop_or_image_needs(self, media_root, settings):
        kept = ArticleFactory(hero_image=upload(image_bytes(1300, 650)), hero_alt="x")
        # Left behind by changes made outside the usual saves: a crop set in bulk, a row gone.
        recropped = WorkFactory(poster=upload(image_bytes(900, 600)), poster_alt="x")
        Work.objects.filter(pk=recropped.pk).update(poster_crop=Crop.SQUARE)
        stray = media_root / "renditions/articles/long-gone-480w.webp"
        stray.write_bytes(b"")
        settings.IMAGE_RENDITION_WIDTHS = [640, 1200]
        out = StringIO()

        call_command("regenerate_renditions", "--prune", stdout=out)

        recropped = Work.objects.get(pk=recropped.pk)
        wanted = [*files_of(kept.hero_image), *files_of(recropped.poster)]
        assert stored_files(media_root) == sorted(wanted)
        assert {r.width for r in renditions_for(kept.hero_image)} == {640, 1200}
        assert "-crop-150-0-600x600-" in renditions_for(recropped.poster)[0].name
        # The essay's 480w, 800w and 1300w and the uncropped poster's 480w, 800w and 900w, in
        # two formats each, and the stray file.
        assert "Deleted 13 renditions no image needs." in out.getvalue()

    def test_without_prune_old_renditions_are_left_alone(self, media_root, settings):
        ArticleFactory(hero_image=upload(image_bytes(900, 450)), hero_alt="x")
        before = stored_files(media_root)
        settings.IMAGE_RENDITION_WIDTHS = [640]

        call_command("regenerate_renditions", stdout=StringIO())

        assert set(before) <= set(stored_files(media_root))
