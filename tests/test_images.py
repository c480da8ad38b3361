import io
import os
from io import StringIO

import PIL.Image
import PIL.ImageFile
import pytest
from django.core.management import call_command
from PIL import Image, features

from reviews.images import (
    clean_image,
    ensure_renditions,
    plan_renditions,
    responsive_image_html,
)
from reviews.models import Article, Person
from tests.factories import ArticleFactory, ArticleImageFactory, UserFactory
from tests.html import assertInHTML, elements
from tests.imagefiles import (
    GPS_IFD,
    ORIENTATION,
    SVG,
    exif_with_gps,
    image_bytes,
    png_claiming,
    upload,
)

pytestmark = pytest.mark.django_db


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def editor_client(client):
    editor = UserFactory(username="desk-editor", is_staff=True, groups=["Editors"])
    client.force_login(editor)
    return client


def post_person(client, portrait):
    return client.post(
        "/admin/reviews/person/add/",
        {
            "name": "Agnès Varda",
            "slug": "agnes-varda",
            "sort_name": "",
            "bio": "",
            "portrait": portrait,
            "portrait_alt": "A woman with a two-tone bob, laughing.",
        },
    )


class TestBadUploadsAreRefusedAndNothingIsStored:
    @pytest.mark.parametrize(
        ("data", "name", "message"),
        [
            (b"Just some notes, not a picture.\n" * 20, "notes.jpg", "not an image"),
            (image_bytes(400, 300)[:-600], "cut-off.jpg", "incomplete or damaged"),
            (png_claiming(100_000, 100_000), "bomb.png", "decompression bomb"),
            (SVG, "drawing.svg", "SVG drawings are not accepted"),
            (image_bytes(40, 40, "GIF"), "old.gif", "GIF images are not accepted"),
        ],
        ids=["not-an-image", "truncated", "decompression-bomb", "svg", "gif"],
    )
    def test_each_bad_upload_gives_its_own_error(
        self, editor_client, media_root, data, name, message
    ):
        response = post_person(editor_client, upload(data, name))

        assert response.status_code == 200
        assert message in response.content.decode()
        assert "again before saving" not in response.content.decode()  # the error says it all
        assert not Person.objects.exists()
        assert stored_files(media_root) == []

    def test_too_many_pixels_is_refused_with_the_size(self, editor_client, media_root, settings):
        settings.IMAGE_MAX_PIXELS = 1_000_000
        response = post_person(editor_client, upload(image_bytes(2000, 1000)))

        assert "2,000 × 1,000 pixels" in response.content.decode()
        assert "the limit is 1.0 megapixels" in response.content.decode()
        assert not Person.objects.exists()
        assert stored_files(media_root) == []

    def test_too_many_bytes_is_refused_with_the_limit(self, editor_client, media_root, settings):
        settings.IMAGE_MAX_BYTES = 1024
        response = post_person(editor_client, upload(image_bytes(600, 400)))

        assert "images can be at most 1.0\xa0KB" in response.content.decode()
        assert stored_files(media_root) == []

    # Django reads the stored dimensions through Pillow too, which warns (harmlessly, outside
    # this suite's warnings-as-errors) about the lowered limit.
    @pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
    def test_pillow_s_own_pixel_limit_does_not_override_ours(
        self, editor_client, media_root, settings, monkeypatch
    ):
        # Below twice its limit Pillow only warns; an image within IMAGE_MAX_PIXELS is fine.
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
        settings.IMAGE_MAX_PIXELS = 10_000
        response = post_person(editor_client, upload(image_bytes(40, 40)))

        assert response.status_code == 302
        assert Person.objects.get().portrait_width == 40

    def test_a_failed_save_names_the_upload_to_choose_again(self, editor_client, media_root):
        response = editor_client.post(
            "/admin/reviews/person/add/",
            {"name": "", "slug": "", "portrait": upload(image_bytes(), "varda.jpg")},
        )

        assert response.status_code == 200
        assert "Nothing was saved, so no file was kept" in response.content.decode()
        assert "choose varda.jpg again before saving" in response.content.decode()
        # No thumbnail pointing at files that were never stored.
        assert "Not saved: choose the file again." in response.content.decode()
        assert stored_files(media_root) == []

    def test_an_essay_that_fails_to_save_names_the_image_to_choose_again(
        self, editor_client, media_root
    ):
        response = editor_client.post(
            "/admin/reviews/article/add/",
            {
                "title": "On stairs",
                "slug": "on-stairs",
                "body": "The steps turn twice.",
                "pull_quote": "Not in the body",
                "status": "draft",
                "images-TOTAL_FORMS": "1",
                "images-INITIAL_FORMS": "0",
                "images-MIN_NUM_FORMS": "0",
                "images-MAX_NUM_FORMS": "1000",
                "images-0-image": upload(image_bytes(), "stairs.jpg"),
                "images-0-alt": "A spiral staircase seen from below.",
            },
        )

        assert response.status_code == 200
        assert "choose stairs.jpg again before saving" in response.content.decode()
        assert not Article.objects.exists()
        assert stored_files(media_root) == []

    def test_a_good_upload_through_the_admin_is_stored_with_renditions(
        self, editor_client, media_root
    ):
        response = post_person(editor_client, upload(image_bytes(900, 600)))

        assert response.status_code == 302
        person = Person.objects.get()
        assert (person.portrait_width, person.portrait_height) == (900, 600)
        assert f"renditions/{person.portrait.name[:-4]}-480w.webp" in stored_files(media_root)


class TestStoredImagesCarryNoMetadata:
    def test_gps_and_camera_exif_are_removed_and_orientation_applied(self, media_root):
        # Orientation 6: the camera was turned, the picture must be rotated 90° clockwise.
        data = image_bytes(64, 32, exif=exif_with_gps(orientation=6))
        assert GPS_IFD in Image.open(io.BytesIO(data)).getexif()

        article = ArticleFactory(hero_image=upload(data, "IMG_0001.JPG"), hero_alt="A street")

        with Image.open(article.hero_image.path) as stored:
            exif = stored.getexif()
            assert GPS_IFD not in exif
            assert ORIENTATION not in exif
            assert "exif" not in stored.info
            assert stored.size == (32, 64)
            # The green stripe that was on the left is now along the top.
            assert stored.convert("RGB").getpixel((16, 2))[1] > 150
        assert (article.hero_image_width, article.hero_image_height) == (32, 64)

    def test_png_text_and_exif_chunks_are_removed(self, media_root):
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Location", "51.5N 0.1W")
        buffer = io.BytesIO()
        Image.new("RGB", (20, 20), "white").save(
            buffer, format="PNG", pnginfo=info, exif=exif_with_gps()
        )

        article = ArticleFactory(hero_image=upload(buffer.getvalue(), "frame.png"), hero_alt="x")

        with Image.open(article.hero_image.path) as stored:
            assert "Location" not in stored.info
            assert GPS_IFD not in stored.getexif()

    def test_checking_and_cleaning_an_upload_decodes_it_once(self, monkeypatch):
        decodes = []
        load = PIL.ImageFile.ImageFile.load

        def counted_load(image):
            if image.tile:  # pixels still to decode; a loaded image returns at once
                decodes.append(image)
            return load(image)

        monkeypatch.setattr(PIL.ImageFile.ImageFile, "load", counted_load)
        file = io.BytesIO(image_bytes(64, 32, exif=exif_with_gps(orientation=6)))

        content, info = clean_image(file)

        assert len(decodes) == 1
        assert (info.format, info.width, info.height) == ("JPEG", 32, 64)
        assert file.tell() == 0
        assert Image.open(io.BytesIO(content.read())).size == (32, 64)

    def test_the_file_name_follows_the_real_format(self, media_root):
        article = ArticleFactory(
            hero_image=upload(image_bytes(20, 20, "PNG"), "really-a-png.jpg"), hero_alt="x"
        )
        assert article.hero_image.name.endswith(".png")

    @pytest.mark.skipif(not features.check("avif"), reason="this Pillow has no AVIF support")
    def test_avif_is_accepted_where_pillow_reads_it(self, media_root):
        article = ArticleFactory(
            hero_image=upload(image_bytes(60, 40, "AVIF"), "frame.avif"), hero_alt="x"
        )
        assert article.hero_image.name.endswith(".avif")


class TestRenditions:
    def test_renditions_are_made_at_each_width_up_to_the_original(self, media_root):
        article = ArticleFactory(hero_image=upload(image_bytes(1300, 650)), hero_alt="x")

        stem = article.hero_image.name[:-4]
        files = stored_files(media_root)
        for width in (480, 800, 1200, 1300):
            for extension in ("jpg", "webp"):
                assert f"renditions/{stem}-{width}w.{extension}" in files
        assert not any("1600w" in name for name in files)
        with Image.open(media_root / f"renditions/{stem}-800w.webp") as rendition:
            assert rendition.size == (800, 400)  # the aspect ratio is kept, nothing cropped

    def test_each_width_is_resized_once_for_both_formats(self, media_root, monkeypatch):
        article = ArticleFactory(hero_image=upload(image_bytes(1000, 500)), hero_alt="x")
        resize = Image.Image.resize
        sizes = []

        def counted(image, size, *args, **kwargs):
            sizes.append(tuple(size))
            return resize(image, size, *args, **kwargs)

        monkeypatch.setattr(Image.Image, "resize", counted)

        assert ensure_renditions(article.hero_image, force=True) == 6
        assert sorted(sizes) == [(480, 240), (800, 400), (1000, 500)]
        with Image.open(media_root / f"renditions/{article.hero_image.name[:-4]}-800w.jpg") as jpg:
            assert jpg.size == (800, 400)

    def test_a_small_image_is_never_upscaled(self, media_root):
        article = ArticleFactory(hero_image=upload(image_bytes(300, 200)), hero_alt="x")
        widths = {r.width for r in plan_renditions(article.hero_image.name, 300, 200)}
        assert widths == {300}

    def test_renditions_are_created_once_and_reused(self, media_root, monkeypatch):
        article = ArticleFactory(hero_image=upload(image_bytes(1000, 500)), hero_alt="x")
        rendition = media_root / f"renditions/{article.hero_image.name[:-4]}-800w.webp"
        before = rendition.stat().st_mtime_ns
        saves = []
        monkeypatch.setattr(
            article.hero_image.storage,
            "save",
            lambda *args, **kwargs: saves.append(args) or args[0],
        )

        assert ensure_renditions(article.hero_image) == 0
        assert ensure_renditions(Article.objects.get().hero_image) == 0
        assert saves == []
        assert rendition.stat().st_mtime_ns == before

    def test_a_missing_rendition_is_made_again(self, media_root):
        article = ArticleFactory(hero_image=upload(image_bytes(1000, 500)), hero_alt="x")
        rendition = media_root / f"renditions/{article.hero_image.name[:-4]}-480w.jpg"
        rendition.unlink()

        assert ensure_renditions(article.hero_image) == 1
        assert rendition.exists()

    def test_the_regenerate_command_rebuilds_everything_with_a_progress_bar(self, media_root):
        article = ArticleFactory(hero_image=upload(image_bytes(900, 450)), hero_alt="x")
        rendition = media_root / f"renditions/{article.hero_image.name[:-4]}-480w.webp"
        os.utime(rendition, ns=(0, 0))
        out = StringIO()

        call_command("regenerate_renditions", stdout=out)

        assert rendition.stat().st_mtime_ns > 0
        output = out.getvalue()
        assert f"[{'#' * 30}] 1/1" in output
        assert "Made 6 renditions of 1 image" in output

    def test_missing_only_keeps_existing_renditions(self, media_root):
        article = ArticleFactory(hero_image=upload(image_bytes(900, 450)), hero_alt="x")
        rendition = media_root / f"renditions/{article.hero_image.name[:-4]}-480w.webp"
        os.utime(rendition, ns=(0, 0))

        call_command("regenerate_renditions", "--missing-only", stdout=StringIO())

        assert rendition.stat().st_mtime_ns == 0


class TestResponsiveImageMarkup:
    def test_lazy_picture_has_srcset_sizes_and_intrinsic_size(self, media_root):
        article = ArticleFactory(hero_image=upload(image_bytes(1600, 900)), hero_alt="A <pier>")

        html = responsive_image_html(article.hero_image, article.hero_alt, sizes="50vw")

        stem = article.hero_image.name[:-4]
        assert html.startswith('<picture><source type="image/webp"')
        assert f"/media/renditions/{stem}-480w.webp 480w" in html
        assert f"/media/renditions/{stem}-1600w.jpg 1600w" in html
        assert 'sizes="50vw"' in html
        assert 'width="1600" height="900"' in html
        assert 'alt="A &lt;pier&gt;"' in html
        assert 'loading="lazy" decoding="async"' in html

    def test_eager_picture_is_fetched_first(self, media_root):
        article = ArticleFactory(hero_image=upload(image_bytes(800, 450)), hero_alt="x")

        html = responsive_image_html(article.hero_image, "x", loading="eager", fetchpriority="high")

        assert 'fetchpriority="high"' in html
        assert "loading=" not in html

    def test_markup_needs_no_storage_access(self, media_root, monkeypatch):
        article = ArticleFactory(hero_image=upload(image_bytes(800, 450)), hero_alt="x")
        article = Article.objects.get(pk=article.pk)
        monkeypatch.setattr(PIL.Image, "open", None)  # any file read would fail

        assert 'width="800"' in responsive_image_html(article.hero_image, "x")


class TestImagesInTheBody:
    def test_a_placed_image_becomes_a_figure_with_caption_and_credit(self, media_root):
        article = ArticleFactory(
            body="The long opening.\n\n[[image:corridor]]\n\nAfter the corridor, a cut."
        )
        ArticleImageFactory(
            article=article, key="corridor", image=upload(image_bytes(1200, 500), "c.jpg")
        )

        article.refresh_from_db()
        html = article.body_html
        assert elements(html, "figure", class_="essay-figure", id="figure-corridor")
        assert "srcset=" in html and 'width="1200" height="500"' in html
        assert 'alt="Two figures at the far end of a long corridor."' in html
        assert "<figcaption>The corridor, held for a full minute." in html
        assertInHTML('<span class="credit">© The distributor</span>', html)
        assert "[[image" not in html
        assert article.summary == "The long opening."

    def test_a_body_typed_in_a_browser_places_its_images_too(self, media_root):
        article = ArticleFactory(body="Before.\r\n\r\n[[image:still]]\r\n\r\nAfter.")
        ArticleImageFactory(article=article, key="still", image=upload(image_bytes(), "s.jpg"))

        article.refresh_from_db()
        assert 'id="figure-still"' in article.body_html

    def test_images_without_a_name_are_numbered(self, media_root):
        article = ArticleFactory(body="One.\n\n[[image:2]]")
        first = ArticleImageFactory(article=article, image=upload(image_bytes(), "a.jpg"))
        second = ArticleImageFactory(article=article, image=upload(image_bytes(), "b.jpg"))

        assert (first.key, second.key) == ("1", "2")
        article.refresh_from_db()
        assert 'id="figure-2"' in article.body_html
        assert 'id="figure-1"' not in article.body_html

    def test_an_unknown_image_name_leaves_nothing_and_is_reported(self, media_root):
        article = ArticleFactory(body="Text.\n\n[[image:missing]]\n\nMore.")

        assert "missing" not in article.body_html
        assert article.missing_images() == ["missing"]

    def test_a_video_address_becomes_a_privacy_friendly_player(self):
        article = ArticleFactory(
            body="Watch:\n\n[[video:https://www.youtube.com/watch?v=abc_DEF-123]]"
        )

        assert (
            '<iframe src="https://www.youtube-nocookie.com/embed/abc_DEF-123"' in article.body_html
        )
        assert 'loading="lazy"' in article.body_html

    def test_deleting_an_image_removes_its_figure(self, media_root):
        article = ArticleFactory(body="[[image:1]]\n\nText.")
        image = ArticleImageFactory(article=article, image=upload(image_bytes(), "a.jpg"))
        image.delete()

        article.refresh_from_db()
        assert "<figure" not in article.body_html
