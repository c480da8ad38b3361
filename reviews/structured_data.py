"""schema.org descriptions of the reading pages, as JSON-LD.

Each function returns plain dicts; a view collects them and the page renders them once with
``{% json_ld %}`` (reviews/templatetags/reading.py), which escapes them for a ``<script>``
element. For example an essay about one film becomes::

    {"@type": "CriticReview", "headline": "…", "author": [{"@type": "Person", …}],
     "itemReviewed": {"@type": "Movie", "name": "Phantom Thread", "dateCreated": "2017",
                      "director": [{"@type": "Person", "name": "Paul Thomas Anderson", …}],
                      "sameAs": ["https://www.wikidata.org/wiki/…"]}, …}

An essay that reviews works is a ``CriticReview`` (schema.org's Review written by a critic):
search engines read a plain ``Review`` as a star-rating review and require a rating, which
criticism here does not give. An essay about no work is an ``Article``.
"""

from django.conf import settings
from django.urls import reverse

from reviews.markup import plain_text
from reviews.metadata import absolute_url, default_image_url, image_url
from reviews.models import Credit, Work

# Types whose schema.org definition has a ``director``; the others name a ``creator``.
WORK_TYPES = {
    Work.Kind.FEATURE: "Movie",
    Work.Kind.SHORT: "Movie",
    Work.Kind.DOCUMENTARY: "Movie",
    Work.Kind.MUSIC_VIDEO: "MusicVideoObject",
    Work.Kind.TV_EPISODE: "TVEpisode",
    Work.Kind.TV_SERIES: "TVSeries",
}
DIRECTED = {"Movie", "TVEpisode", "TVSeries"}
WITH_COUNTRY = {"Movie", "TVEpisode", "TVSeries"}
WITH_DURATION = {"Movie", "TVEpisode", "MusicVideoObject"}


def graph(*nodes):
    """One JSON-LD document holding every node of a page."""
    return {"@context": "https://schema.org", "@graph": [node for node in nodes if node]}


def organization():
    return {
        "@type": "Organization",
        "@id": absolute_url("/#publisher"),
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {"@type": "ImageObject", "url": default_image_url()},
    }


def website():
    return {
        "@type": "WebSite",
        "@id": absolute_url("/#website"),
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "description": settings.SITE_DESCRIPTION,
        "publisher": {"@id": absolute_url("/#publisher")},
    }


def breadcrumbs(crumbs):
    """``crumbs`` is a list of ``(name, path)`` from the home page down to this page."""
    if len(crumbs) < 2:
        return None
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(url)}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def person(person, *, full=False):
    data = {
        "@type": "Person",
        "name": person.name,
        "url": absolute_url(person.get_absolute_url()),
    }
    if same_as := person.same_as_urls():
        data["sameAs"] = same_as
    if full:
        if person.birth_year:
            data["birthDate"] = str(person.birth_year)
        if person.death_year:
            data["deathDate"] = str(person.death_year)
        if bio := plain_text(person.bio_html):
            data["description"] = bio
        if person.portrait:
            data["image"] = image_url(person.portrait)
    return data


def artist(person):
    # Music video artists are often bands; schema.org's MusicGroup covers solo musicians too.
    return {
        "@type": "MusicGroup",
        "name": person.name,
        "url": absolute_url(person.get_absolute_url()),
    }


def work(work, *, full=False):
    """A work with its director(s). ``work.credits`` should be prefetched with their people."""
    kind = WORK_TYPES.get(work.kind, "CreativeWork")
    data = {"@type": kind, "name": work.title, "url": absolute_url(work.get_absolute_url())}
    if work.original_title and work.original_title != work.title:
        data["alternateName"] = work.original_title
    if work.year:
        data["dateCreated"] = str(work.year)
    if directors := [person(director) for director in work.directors]:
        data["director" if kind in DIRECTED else "creator"] = directors
    if work.is_music_video and work.song:
        data["about"] = {"@type": "MusicRecording", "name": work.song}
        if artists := work.artists:
            data["about"]["byArtist"] = [artist(performer) for performer in artists]
    if same_as := work.same_as_urls():
        data["sameAs"] = same_as
    if full:
        if work.synopsis:
            data["description"] = " ".join(work.synopsis.split())
        if work.poster:
            data["image"] = image_url(work.poster)
        if work.runtime and kind in WITH_DURATION:
            data["duration"] = f"PT{work.runtime}M"
        if work.country_list and kind in WITH_COUNTRY:
            data["countryOfOrigin"] = [
                {"@type": "Country", "name": country} for country in work.country_list
            ]
        if kind in DIRECTED:
            if cast := [person(c.person) for c in work.credits_in_role(Credit.Role.PERFORMER)]:
                data["actor"] = cast
            if music := [person(c.person) for c in work.credits_in_role(Credit.Role.COMPOSER)]:
                data["musicBy"] = music
    return data


def author(user):
    """An essayist. Their ``author_profile`` should be fetched with them (it may not exist)."""
    data = {
        "@type": "Person",
        "name": user.get_display_name(),
        "url": absolute_url(reverse("reviews:author", kwargs={"username": user.username})),
    }
    profile = getattr(user, "author_profile", None)
    if profile and profile.portrait:
        data["image"] = image_url(profile.portrait)
    return data


def article(article):
    """An essay. Its authors, tags, subject works (with credits) and people should be
    prefetched."""
    works = list(article.subject_works.all())
    people = list(article.subject_people.all())
    url = absolute_url(article.get_absolute_url())
    data = {
        "@type": "CriticReview" if works else "Article",
        "@id": f"{url}#essay",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "description": article.dek or article.summary,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": article.last_modified.isoformat(),
        "author": [author(user) for user in article.authors.all()],
        "publisher": organization(),
        "image": [image_url(article.hero_image) or default_image_url()],
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if not works:
        data["wordCount"] = article.word_count  # schema.org defines it on Article only
    if tags := [tag.name for tag in article.tags.all()]:
        data["keywords"] = tags
    if works:
        data["itemReviewed"] = [work(subject) for subject in works]
        if len(works) == 1:
            data["itemReviewed"] = data["itemReviewed"][0]
    if people:
        data["about"] = [person(subject) for subject in people]
    if article.series_id:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": article.series.title,
            "url": absolute_url(article.series.get_absolute_url()),
        }
    return data
