"""Author profiles: an essayist's portrait beside the byline and on their page, a biography
there too, kept by editors in the admin, at no extra query per author."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import AuthorProfile
from tests.factories import ArticleFactory, UserFactory
from tests.html import elements
from tests.imagefiles import image_bytes, upload

pytestmark = pytest.mark.django_db

ALT = "A woman in round glasses, smiling, in front of a cinema marquee."


def profile_for(user, *, portrait=True, bio=""):
    profile = AuthorProfile(user=user, bio=bio)
    if portrait:
        profile.portrait = upload(image_bytes(300, 300), f"{user.username}.jpg")
        profile.portrait_alt = ALT
    profile.full_clean()
    profile.save()
    return profile


def byline(content):
    start = content.index('class="essay-byline"')
    return content[start : content.index("</p>", start)]


@pytest.mark.usefixtures("media_root")
class TestOnTheReadingPages:
    def test_the_byline_shows_the_portrait_of_each_author_who_has_one(self, client):
        ana, ben = UserFactory(display_name="Ana Ferreira"), UserFactory(display_name="Ben Cole")
        profile_for(ana)
        essay = ArticleFactory(authors=[ana, ben])
        content = client.get(essay.get_absolute_url()).content.decode()
        portraits = elements(byline(content), "img")
        assert len(portraits) == 1
        assert "/media/renditions/authors/" in portraits[0]["src"]
        # The name is right beside it: the picture adds nothing for a screen reader.
        assert portraits[0]["alt"] == ""
        assert "Ana Ferreira" in byline(content) and "Ben Cole" in byline(content)

    def test_an_author_without_a_profile_gets_a_plain_byline(self, client):
        essay = ArticleFactory(authors=[UserFactory()])
        content = client.get(essay.get_absolute_url()).content.decode()
        assert elements(byline(content), "img") == []

    def test_the_author_page_shows_the_portrait_described_and_the_biography(self, client):
        ana = UserFactory(username="ana", display_name="Ana Ferreira")
        profile_for(ana, bio="Writes about *westerns* and weather.")
        ArticleFactory(authors=[ana])
        content = client.get("/authors/ana/").content.decode()
        assert elements(content, "img", alt=ALT)
        assert "Writes about <em>westerns</em> and weather." in content

    @pytest.mark.usefixtures("uncached_pages")
    def test_portraits_cost_no_query_per_author(self, client):
        def queries(essay):
            client.get(essay.get_absolute_url())
            with CaptureQueriesContext(connection) as captured:
                client.get(essay.get_absolute_url())
            return len(captured)

        one = UserFactory()
        profile_for(one)
        few = queries(ArticleFactory(authors=[one]))
        many = UserFactory.create_batch(4)
        for author in many[:3]:
            profile_for(author)
        assert queries(ArticleFactory(authors=many)) == few


class TestTheRules:
    def test_a_portrait_needs_a_description(self, media_root):
        profile = AuthorProfile(user=UserFactory(), portrait=upload(image_bytes(), "p.jpg"))
        with pytest.raises(ValidationError) as error:
            profile.full_clean()
        assert "portrait_alt" in error.value.message_dict

    def test_the_biography_is_rendered_from_markdown_on_save(self):
        profile = AuthorProfile.objects.create(user=UserFactory(), bio="A *short* life.")
        assert profile.bio_html == "<p>A <em>short</em> life.</p>"


@pytest.mark.usefixtures("media_root")
class TestInTheAdmin:
    def test_editors_add_a_profile_with_a_portrait(self, client):
        editor = UserFactory(is_staff=True, groups=["Editors"])
        author = UserFactory()
        client.force_login(editor)
        response = client.post(
            "/admin/reviews/authorprofile/add/",
            {
                "user": author.pk,
                "bio": "Critic.",
                "portrait": upload(image_bytes(300, 300), "me.jpg"),
                "portrait_alt": ALT,
            },
        )
        assert response.status_code == 302, response.context and response.context["errors"]
        profile = AuthorProfile.objects.get(user=author)
        assert (profile.portrait_width, profile.portrait_alt) == (300, ALT)

    def test_contributors_and_moderators_may_not_change_profiles(self, client):
        for group in ["Contributors", "Moderators"]:
            client.force_login(UserFactory(is_staff=True, groups=[group]))
            assert client.get("/admin/reviews/authorprofile/add/").status_code == 403
