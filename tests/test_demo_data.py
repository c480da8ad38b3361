"""The demo's data files hold together: the front matter parses, and every name one file uses
is defined in another. (Loading them into a database is tests/test_demo.py's business.)"""

import pytest

from accounts.demo import demo_accounts
from comments.demo import demo_comments
from reviews.demo import catalogue, essays
from reviews.demo.frontmatter import parse
from reviews.models import Credit, Work


class TestFrontMatter:
    def test_toml_between_fences_is_the_front_matter_and_the_rest_the_body(self):
        front, body = parse('+++\ntitle = "Cléo"\ntags = ["paris"]\n+++\n\nFirst line.\n')
        assert front == {"title": "Cléo", "tags": ["paris"]}
        assert body == "First line.\n"

    def test_a_file_without_front_matter_is_all_body(self):
        assert parse("Just *Markdown*.\n") == ({}, "Just *Markdown*.\n")

    def test_a_fence_inside_the_body_stays_in_the_body(self):
        _, body = parse('+++\nslug = "x"\n+++\nAbove.\n+++\nBelow.\n')
        assert body == "Above.\n+++\nBelow.\n"

    def test_front_matter_without_its_closing_fence_is_an_error(self):
        with pytest.raises(ValueError, match="closing"):
            parse('+++\ntitle = "Never closed"\nBody.\n')


def usernames():
    accounts = demo_accounts()
    return {data["username"] for data in [*accounts["staff"], *accounts["bylines"]]}


class TestDemoData:
    def test_every_essay_names_known_authors_works_people_and_tags(self):
        works = {data["slug"] for data in catalogue()["works"]}
        people = {data["slug"] for data in catalogue()["people"]}
        for essay in essays():
            assert set(essay["authors"]) <= usernames(), essay["slug"]
            assert set(essay["works"]) <= works, essay["slug"]
            assert set(essay["people"]) <= people, essay["slug"]
            assert set(essay["tags"]) <= set(catalogue()["tags"]), essay["slug"]
            assert essay["body"].strip() and essay["pull_quote"], essay["slug"]

    def test_essay_slugs_are_unique_and_one_essay_is_scheduled(self):
        slugs = [essay["slug"] for essay in essays()]
        assert len(slugs) == len(set(slugs))
        assert [e["published_days_ago"] < 0 for e in essays()].count(True) == 1

    def test_every_credit_names_a_known_person_and_role_and_every_kind_is_known(self):
        people = {data["slug"] for data in catalogue()["people"]}
        for work in catalogue()["works"]:
            assert work["kind"] in Work.Kind.values, work["slug"]
            for credit in work["credits"]:
                assert credit["person"] in people, (work["slug"], credit)
                assert credit["role"] in Credit.Role.values, (work["slug"], credit)

    def test_every_comment_answers_an_earlier_one_under_a_demo_essay(self):
        essay_slugs = {essay["slug"] for essay in essays()}
        seen = set()
        for comment in demo_comments():
            assert comment["essay"] in essay_slugs, comment["key"]
            if "parent" in comment:
                assert comment["parent"] in seen, comment["key"]
            assert comment.get("user", "critic") in usernames(), comment["key"]
            seen.add(comment["key"])
