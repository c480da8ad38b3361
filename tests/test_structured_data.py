"""JSON-LD on the reading pages parses and says what search engines need to know."""

import json
import re

import pytest
from django.template import Context, Template

from reviews.models import AuthorProfile
from tests.factories import (
    ArticleFactory,
    CreditFactory,
    PersonFactory,
    SeriesFactory,
    TagFactory,
    UserFactory,
    WorkFactory,
)
from tests.imagefiles import image_bytes, upload

pytestmark = pytest.mark.django_db
SITE = "https://films.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.SITE_URL = SITE


def json_ld(client, url):
    """Every node of the page's JSON-LD, by type."""
    response = client.get(url)
    assert response.status_code == 200
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(scripts) == 1
    document = json.loads(scripts[0])
    assert document["@context"] == "https://schema.org"
    return {node["@type"]: node for node in document["@graph"]}


@pytest.fixture
def phantom_thread():
    work = WorkFactory(
        title="Phantom Thread",
        slug="phantom-thread",
        year=2017,
        runtime=130,
        countries="United States, United Kingdom",
        wikidata_id="Q28962396",
    )
    director = PersonFactory(
        name="Paul Thomas Anderson",
        slug="paul-thomas-anderson",
        imdb_id="nm0000759",
        birth_year=1970,
        bio="An American *writer-director*.",
    )
    CreditFactory(work=work, person=director, role="director")
    CreditFactory(work=work, person=PersonFactory(name="Vicky Krieps"), role="performer")
    return work


class TestEssay:
    def test_an_essay_about_a_film_is_a_critic_review_of_a_movie(self, client, phantom_thread):
        essay = ArticleFactory(
            title="The fitting room",
            works=[phantom_thread],
            authors=[UserFactory(username="ana", display_name="Ana Ferreira")],
            tags=[TagFactory(name="Costume")],
        )
        review = json_ld(client, essay.get_absolute_url())["CriticReview"]
        assert review["headline"] == "The fitting room"
        assert review["url"] == f"{SITE}/essays/{essay.slug}/"
        assert review["author"] == [
            {"@type": "Person", "name": "Ana Ferreira", "url": f"{SITE}/authors/ana/"}
        ]
        assert review["datePublished"] == essay.publish_at.isoformat()
        assert review["dateModified"]
        assert review["publisher"]["@type"] == "Organization"
        assert review["publisher"]["logo"]["url"].startswith(SITE)
        assert review["image"] == [f"{SITE}/static/img/social-card.png"]
        assert review["keywords"] == ["Costume"]

        movie = review["itemReviewed"]
        assert movie["@type"] == "Movie"
        assert movie["name"] == "Phantom Thread"
        assert movie["dateCreated"] == "2017"
        assert movie["sameAs"] == ["https://www.wikidata.org/wiki/Q28962396"]
        assert movie["director"] == [
            {
                "@type": "Person",
                "name": "Paul Thomas Anderson",
                "url": f"{SITE}/people/paul-thomas-anderson/",
                "sameAs": ["https://www.imdb.com/name/nm0000759/"],
            }
        ]

    def test_an_essay_about_several_works_reviews_each_and_names_a_music_video(self, client):
        feature = WorkFactory(title="Licorice Pizza")
        video = WorkFactory(title="Lost Track", kind="music_video", song="Lost Track")
        CreditFactory(work=video, person=PersonFactory(name="Paul Thomas Anderson"))
        CreditFactory(work=video, person=PersonFactory(name="Haim"), role="musical_artist")
        essay = ArticleFactory(works=[feature, video])
        reviewed = json_ld(client, essay.get_absolute_url())["CriticReview"]["itemReviewed"]
        by_name = {item["name"]: item for item in reviewed}
        assert by_name["Licorice Pizza"]["@type"] == "Movie"
        music_video = by_name["Lost Track"]
        assert music_video["@type"] == "MusicVideoObject"
        # schema.org gives a music video a creator, not a director.
        assert music_video["creator"][0]["name"] == "Paul Thomas Anderson"
        assert music_video["about"]["byArtist"][0]["name"] == "Haim"

    def test_an_essay_about_no_work_is_an_article(self, client):
        essay = ArticleFactory(series=SeriesFactory(title="Notes"))
        nodes = json_ld(client, essay.get_absolute_url())
        article = nodes["Article"]
        assert {"headline", "author", "datePublished", "publisher", "image"} <= set(article)
        assert article["isPartOf"]["name"] == "Notes"
        assert "CriticReview" not in nodes

    def test_breadcrumbs_run_from_home_to_the_essay(self, client):
        essay = ArticleFactory(title="The fitting room")
        crumbs = json_ld(client, essay.get_absolute_url())["BreadcrumbList"]["itemListElement"]
        assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
            (1, "Home", f"{SITE}/"),
            (2, "The fitting room", f"{SITE}/essays/{essay.slug}/"),
        ]

    def test_text_that_looks_like_markup_cannot_end_the_script_element(self, client):
        essay = ArticleFactory(title="</script><script>alert(1)</script> & more")
        content = client.get(essay.get_absolute_url()).content.decode()
        data = content[content.index('type="application/ld+json">') :]
        data = data[: data.index("</script>")]
        assert "<" not in data.split(">", 1)[1]
        assert "\\u003C/script\\u003E" in data
        assert json_ld(client, essay.get_absolute_url())["Article"]["headline"] == essay.title


class TestPeopleAndWorks:
    def test_a_person_page_describes_a_person(self, client, phantom_thread):
        person = json_ld(client, "/people/paul-thomas-anderson/")["Person"]
        assert person["name"] == "Paul Thomas Anderson"
        assert person["birthDate"] == "1970"
        assert person["description"] == "An American writer-director."
        assert person["sameAs"] == ["https://www.imdb.com/name/nm0000759/"]

    def test_a_work_page_describes_a_movie(self, client, phantom_thread):
        nodes = json_ld(client, "/works/phantom-thread/")
        movie = nodes["Movie"]
        assert movie["director"][0]["name"] == "Paul Thomas Anderson"
        assert movie["actor"][0]["name"] == "Vicky Krieps"
        assert movie["duration"] == "PT130M"
        assert movie["countryOfOrigin"] == [
            {"@type": "Country", "name": "United States"},
            {"@type": "Country", "name": "United Kingdom"},
        ]
        assert [c["name"] for c in nodes["BreadcrumbList"]["itemListElement"]] == [
            "Home",
            "Films",
            "Phantom Thread (2017)",
        ]

    def test_an_authors_portrait_is_their_image_on_essays_and_their_page(self, client, media_root):
        ana = UserFactory(username="ana", display_name="Ana Ferreira")
        AuthorProfile.objects.create(
            user=ana, portrait=upload(image_bytes(300, 300), "ana.jpg"), portrait_alt="Ana."
        )
        essay = ArticleFactory(authors=[ana, UserFactory()])
        with_portrait, without = json_ld(client, essay.get_absolute_url())["Article"]["author"]
        assert with_portrait["image"].startswith(f"{SITE}/media/authors/ana")
        assert "image" not in without
        page = json_ld(client, "/authors/ana/")["Person"]
        assert page["image"] == with_portrait["image"]

    def test_the_home_page_describes_the_site_and_its_publisher(self, client):
        nodes = json_ld(client, "/")
        assert nodes["WebSite"]["url"] == f"{SITE}/"
        assert nodes["Organization"]["name"]


def test_json_ld_tag_escapes_characters_that_could_close_the_element():
    rendered = Template("{% load reading %}{% json_ld data %}").render(
        Context({"data": {"name": "</script><!-- & -->"}})
    )
    assert rendered.startswith('<script type="application/ld+json">')
    inner = rendered.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == {"name": "</script><!-- & -->"}
