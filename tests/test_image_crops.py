"""A still is shown whole unless an editor chooses a crop: a shape, cut around a focal point."""

import io

import pytest
from PIL import Image

from reviews.images import Crop, crop_box, plan_renditions, renditions_for, responsive_image_html
from reviews.models import Article
from tests.factories import ArticleFactory, ArticleImageFactory, UserFactory, WorkFactory
from tests.html import assertInHTML
from tests.imagefiles import image_bytes, upload

pytestmark = pytest.mark.django_db


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def top_and_bottom(width, height):
    """A JPEG red in its top half and blue in its bottom half."""
    image = Image.new("RGB", (width, height), (200, 20, 20))
    image.paste((20, 20, 200), (0, height // 2, width, height))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return buffer.getvalue()


def rendition_sizes(media_root, fieldfile):
    sizes = {}
    for rendition in renditions_for(fieldfile):
        with Image.open(media_root / rendition.name) as image:
            sizes[rendition.name] = image.size
    return sizes


class TestWithoutACropTheWholeFrameIsShown:
    def test_renditions_keep_the_original_aspect_ratio(self, media_root):
        article = ArticleFactory(hero_image=upload(image_bytes(1500, 1000)), hero_alt="x")

        assert article.hero_crop == Crop.ORIGINAL
        sizes = rendition_sizes(media_root, article.hero_image)
        assert set(sizes.values()) == {(480, 320), (800, 533), (1200, 800), (1500, 1000)}
        assert not any("crop" in name for name in stored_files(media_root))
        assert 'width="1500" height="1000"' in responsive_image_html(article.hero_image, "x")


class TestAnEditorsCrop:
    def test_a_16_9_crop_of_a_3_2_still_gives_16_9_renditions(self, media_root):
        article = ArticleFactory(
            hero_image=upload(image_bytes(1500, 1000)), hero_alt="x", hero_crop=Crop.WIDE
        )

        sizes = rendition_sizes(media_root, article.hero_image)
        assert set(sizes.values()) == {(480, 270), (800, 450), (1200, 675), (1500, 844)}
        assert all("-crop-0-78-1500x844-" in name for name in sizes)
        html = responsive_image_html(article.hero_image, "x")
        assert 'width="1500" height="844"' in html
        assert "-crop-0-78-1500x844-480w.webp 480w" in html

    def test_the_stored_original_is_never_cut(self, media_root):
        data = image_bytes(1500, 1000)
        article = ArticleFactory(hero_image=upload(data), hero_alt="x", hero_crop=Crop.SQUARE)

        with Image.open(article.hero_image.path) as original:
            assert original.size == (1500, 1000)
        assert (article.hero_image_width, article.hero_image_height) == (1500, 1000)

    def test_the_focal_point_moves_the_window(self, media_root):
        still = top_and_bottom(1200, 800)
        high = ArticleFactory(
            hero_image=upload(still), hero_alt="x", hero_crop=Crop.SCOPE, hero_focus_y=0
        )
        low = ArticleFactory(
            hero_image=upload(still), hero_alt="x", hero_crop=Crop.SCOPE, hero_focus_y=100
        )

        def middle_colour(article):
            rendition = renditions_for(article.hero_image)[0]
            with Image.open(media_root / rendition.name) as image:
                return image.convert("RGB").getpixel((image.width // 2, image.height // 2))

        red, _, blue = middle_colour(high)
        assert red > 150 > blue  # the window sits at the top: red
        red, _, blue = middle_colour(low)
        assert blue > 150 > red  # at the bottom: blue
        assert "-crop-0-0-1200x502-" in renditions_for(high.hero_image)[0].name
        assert "-crop-0-298-1200x502-" in renditions_for(low.hero_image)[0].name

    def test_the_window_stays_inside_the_frame_and_trims_the_long_side(self):
        # A wide frame cut square: the sides go, the focal point slides the window across.
        assert crop_box(2000, 1000, Crop.SQUARE, focus_x=50) == crop_box(2000, 1000, "1:1")
        assert crop_box(2000, 1000, Crop.SQUARE, focus_x=0).bounds == (0, 0, 1000, 1000)
        assert crop_box(2000, 1000, Crop.SQUARE, focus_x=90).bounds == (1000, 0, 2000, 1000)
        assert crop_box(2000, 1000, Crop.SQUARE, focus_x=60).bounds == (700, 0, 1700, 1000)
        # A shape the image already has cuts nothing.
        assert crop_box(1600, 900, Crop.WIDE) is None
        assert crop_box(1600, 900, Crop.ORIGINAL) is None

    def test_a_cropped_small_image_is_never_upscaled(self, media_root):
        article = ArticleFactory(
            hero_image=upload(image_bytes(400, 300)), hero_alt="x", hero_crop=Crop.WIDE
        )

        sizes = rendition_sizes(media_root, article.hero_image)
        assert set(sizes.values()) == {(400, 225)}

    def test_changing_the_crop_makes_new_renditions(self, media_root):
        article = ArticleFactory(
            hero_image=upload(image_bytes(1500, 1000)), hero_alt="x", hero_crop=Crop.WIDE
        )
        wide = {r.name for r in renditions_for(article.hero_image)}

        article = Article.objects.get(pk=article.pk)
        article.hero_crop = Crop.SQUARE
        article.save()

        square = {r.name for r in renditions_for(article.hero_image)}
        assert square.isdisjoint(wide)
        assert all("-crop-250-0-1000x1000-" in name for name in square)
        assert set(rendition_sizes(media_root, article.hero_image).values()) == {
            (480, 480),
            (800, 800),
            (1000, 1000),
        }
        html = responsive_image_html(Article.objects.get(pk=article.pk).hero_image, "x")
        assert 'width="1000" height="1000"' in html

    def test_moving_the_focal_point_makes_new_renditions(self, media_root):
        article = ArticleFactory(
            hero_image=upload(image_bytes(1500, 1000)), hero_alt="x", hero_crop=Crop.SQUARE
        )
        centred = {r.name for r in renditions_for(article.hero_image)}

        article.hero_focus_x = 0
        article.save()

        at_left = {r.name for r in renditions_for(article.hero_image)}
        assert at_left.isdisjoint(centred)
        assert all((media_root / name).exists() for name in at_left)

    def test_an_image_in_the_body_follows_its_crop(self, media_root):
        article = ArticleFactory(body="Before.\n\n[[image:door]]\n\nAfter.")
        ArticleImageFactory(
            article=article,
            key="door",
            image=upload(image_bytes(1200, 800), "door.jpg"),
            crop=Crop.UPRIGHT,
        )

        article.refresh_from_db()
        assert 'width="640" height="800"' in article.body_html
        assert "-crop-280-0-640x800-480w.webp" in article.body_html

    def test_a_poster_follows_its_crop(self, media_root):
        work = WorkFactory(
            poster=upload(image_bytes(900, 600)), poster_alt="x", poster_crop=Crop.SQUARE
        )

        assert 'width="600" height="600"' in responsive_image_html(work.poster, "x")
        assert {r.width for r in renditions_for(work.poster)} == {480, 600}

    def test_plans_for_a_crop_name_the_part_of_the_frame_they_keep(self):
        box = crop_box(1920, 1080, Crop.ACADEMY, focus_x=40)
        names = [r.name for r in plan_renditions("articles/a.png", 1920, 1080, crop=box)]

        assert names[0] == "renditions/articles/a-crop-48-0-1440x1080-480w.webp"
        assert "renditions/articles/a-crop-48-0-1440x1080-1440w.png" in names


class TestTheCropInTheAdmin:
    @pytest.fixture
    def editor_client(self, client):
        client.force_login(UserFactory(username="crop-editor", is_staff=True, groups=["Editors"]))
        return client

    def test_hero_figure_and_poster_forms_offer_a_crop_with_help(self, editor_client):
        essay = ArticleFactory()
        work = WorkFactory()

        essay_form = editor_client.get(f"/admin/reviews/article/{essay.pk}/change/").content
        work_form = editor_client.get(f"/admin/reviews/work/{work.pk}/change/").content
        essay_form, work_form = essay_form.decode(), work_form.decode()

        for name in ("hero_crop", "hero_focus_x", "hero_focus_y", "images-__prefix__-crop"):
            assert f'name="{name}"' in essay_form
        assertInHTML('<option value="" selected>Original (no crop)</option>', essay_form)
        assertInHTML('<option value="2.39:1">2.39:1 (anamorphic widescreen)</option>', essay_form)
        assert "The uploaded file itself is never changed." in essay_form
        assert "from 0 (left edge) to 100 (right edge)" in essay_form
        assert 'name="poster_crop"' in work_form

    def test_a_crop_chosen_in_the_admin_shapes_the_page(self, editor_client, media_root):
        from tests.admin_forms import save_in_admin

        essay = ArticleFactory(hero_image=upload(image_bytes(1500, 1000)), hero_alt="A field")

        save_in_admin(
            editor_client,
            essay,
            hero_alt="A field",
            hero_crop="1:1",
            hero_focus_x="100",
        )

        assert (essay.hero_crop, essay.hero_focus_x) == ("1:1", 100)
        page = editor_client.get(essay.get_absolute_url()).content.decode()
        assert 'width="1000" height="1000"' in page
        assert "-crop-500-0-1000x1000-800w.webp" in page

    def test_a_focal_point_beyond_the_edge_is_refused(self, editor_client, media_root):
        from tests.admin_forms import form_data

        essay = ArticleFactory()

        response = editor_client.post(
            f"/admin/reviews/article/{essay.pk}/change/", form_data(essay, hero_focus_y="140")
        )

        assert response.status_code == 200
        assert "Ensure this value is less than or equal to 100." in response.content.decode()
