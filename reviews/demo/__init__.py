"""Demo content for a development site: real films, the people who made them, and essays.

The content is data, beside this module: ``catalogue.toml`` holds the series, tags, people and
works with their credits; ``essays/*.md`` holds the essays, original writing in Markdown, each
with its title, dek, subjects and date in TOML front matter (see :mod:`.frontmatter`). The
pictures are drawn here (:mod:`.drawings`).

:func:`ensure_demo_content` creates whatever is missing and leaves whatever exists alone, like
:func:`accounts.demo.ensure_demo_accounts`: running it again changes nothing, and an editor's
changes to a demo essay survive the next ``load_demo``. Dates are relative to the first run, so
the essays read as recent and one stays scheduled for a week.
"""

import tomllib
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.utils import timezone

from accounts.demo import ensure_demo_users
from reviews.demo import frontmatter
from reviews.demo.drawings import draw_hero, draw_portrait, draw_still
from reviews.models import Article, AuthorProfile, Credit, Person, Series, Tag, Work
from reviews.models.search_vector import refreshed_at_the_end

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "catalogue.toml"
ESSAYS_DIR = HERE / "essays"


@cache
def catalogue():
    """The catalogue: ``{"series": {…}, "tags": {slug: name}, "authors": […], "people": […],
    "works": […]}``."""
    with CATALOGUE.open("rb") as file:
        return tomllib.load(file)


@cache
def essays():
    """The essays' front matter, each with its Markdown as ``body``: newest first, then the
    scheduled one."""
    found = []
    for path in ESSAYS_DIR.glob("*.md"):
        front, body = frontmatter.read(path)
        found.append({**front, "body": body})
    days = "published_days_ago"
    return sorted(found, key=lambda essay: (essay[days] < 0, essay[days]))


def _create(model, values, *, prepare=None):
    """The object with ``values["slug"]``, created (validated first) when missing."""
    existing = model.objects.filter(slug=values["slug"]).first()
    if existing:
        return existing, False
    instance = model(**values)
    if prepare:
        prepare(instance)
    instance.full_clean()
    instance.save()
    return instance, True


def _ensure_people():
    people, created = {}, 0
    for values in catalogue()["people"]:
        people[values["slug"]], was_created = _create(Person, values)
        created += was_created
    return people, {"people": (created, len(people))}


def _ensure_author_profiles(users):
    """The essayists' portraits and biographies, created where missing (never changed after:
    an editor's own portrait survives the next ``load_demo``)."""
    created = 0
    for data in catalogue()["authors"]:
        user = users[data["username"]]
        if AuthorProfile.objects.filter(user=user).exists():
            continue
        profile = AuthorProfile(user=user, bio=data["bio"])
        draw_portrait(profile, data)
        profile.full_clean()
        profile.save()
        created += 1
    return {"author profiles": (created, len(catalogue()["authors"]))}


def _ensure_works(people):
    works, created, credits_created, credits_total = {}, 0, 0, 0
    for data in catalogue()["works"]:
        values = {k: v for k, v in data.items() if k not in ("palette", "credits")}
        prepare = (lambda work, data=data: draw_still(work, data)) if "palette" in data else None
        work, was_created = _create(Work, values, prepare=prepare)
        works[work.slug] = work
        created += was_created
        for order, credit in enumerate(data["credits"]):
            _, was_created = Credit.objects.get_or_create(
                work=work,
                person=people[credit["person"]],
                role=credit["role"],
                defaults={"order": order, "credited_as": credit.get("credited_as", "")},
            )
            credits_created += was_created
            credits_total += 1
    summary = {"works": (created, len(works)), "credits": (credits_created, credits_total)}
    return works, summary


def _ensure_series_and_tags():
    data = catalogue()["series"]
    series, was_created = Series.objects.get_or_create(
        slug=data["slug"], defaults={k: v for k, v in data.items() if k != "slug"}
    )
    tags, created = {}, 0
    for slug, name in catalogue()["tags"].items():
        tags[slug], tag_created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        created += tag_created
    return series, tags, {"series": (int(was_created), 1), "tags": (created, len(tags))}


def _ensure_essays(now, *, users, people, works, series, tags):
    works_data = {data["slug"]: data for data in catalogue()["works"]}
    created = 0
    for data in essays():
        values = {key: data[key] for key in ("slug", "title", "dek", "body", "pull_quote")} | {
            "contains_spoilers": data.get("contains_spoilers", False)
        }
        if "series_position" in data:
            values.update(series=series, series_position=data["series_position"])
        lead_work = works_data[data["works"][0]]
        prepare = (
            (lambda article, lead=lead_work: draw_hero(article, lead))
            if "palette" in lead_work
            else None
        )
        article, was_created = _create(Article, values, prepare=prepare)
        if not was_created:
            continue
        created += 1
        article.authors.set([users[name] for name in data["authors"]])
        article.subject_works.set([works[slug] for slug in data["works"]])
        article.subject_people.set([people[slug] for slug in data["people"]])
        article.tags.set([tags[slug] for slug in data["tags"]])
        # Only ever set on creation, so a second run never moves an essay's date.
        article.publish(by=None, at=now - timedelta(days=data["published_days_ago"]))
        if article.status == Article.Status.PUBLISHED:
            # Written when published, never revised: no "Updated" line on a fresh demo.
            Article.objects.filter(pk=article.pk).update(
                created_at=article.publish_at, updated_at=article.publish_at
            )
    return {"essays": (created, len(essays()))}


def ensure_demo_content(now=None):
    """Create the demo people, works, credits, series, tags and essays that are missing (and
    the demo users who write the essays, with their portraits).

    Returns ``{label: (created, total)}`` for a summary, e.g. ``{"essays": (8, 8), …}``.
    """
    now = now or timezone.now()
    users = ensure_demo_users()
    people, summary = _ensure_people()
    summary |= _ensure_author_profiles(users)
    works, works_summary = _ensure_works(people)
    series, tags, groups_summary = _ensure_series_and_tags()
    # Each essay is saved, linked and published in turn: one UPDATE at the end writes the
    # search vectors of them all.
    with refreshed_at_the_end():
        essays_summary = _ensure_essays(
            now, users=users, people=people, works=works, series=series, tags=tags
        )
    return summary | works_summary | groups_summary | essays_summary
