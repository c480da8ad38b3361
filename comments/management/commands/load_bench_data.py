"""Benchmark content: thousands of essays, people and works, 100,000 comments, and three
essays whose comment counts the benchmark measures (``bench-100``, ``bench-300``,
``bench-3000``, a third of each as replies). Everything is bulk-created, so it takes seconds;
run it on an empty database made for the benchmark (scripts/bench.sh does)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from comments.counts import recount
from comments.identities import identity_key
from comments.markup import render_comment
from comments.models import Comment
from comments.models.comments import identicon_digest
from config import pagecache
from reviews.models import Article, Person, Work

MEASURED = {"bench-100": 100, "bench-300": 300, "bench-3000": 3000}
PARAGRAPH = (
    "The camera keeps its distance through the first reel, a politeness that turns into a "
    "verdict once the diner scene begins. Every cut is a decision about who may be believed."
)
COMMENT = "The second half earns the first half's *patience*; the diner scene is the hinge."


class Command(BaseCommand):
    help = "Fill an empty database with benchmark content (see scripts/bench.sh)."

    def add_arguments(self, parser):
        parser.add_argument("--essays", type=int, default=3000)
        parser.add_argument("--people", type=int, default=3000)
        parser.add_argument("--works", type=int, default=3000)
        parser.add_argument("--comments", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=12)

    @transaction.atomic
    def handle(self, *args, **options):
        if Article.objects.filter(slug__in=MEASURED).exists():
            raise CommandError("Benchmark content is already loaded.")
        rng = random.Random(options["seed"])
        now = timezone.now().replace(microsecond=0)
        User = get_user_model()
        authors = User.objects.bulk_create(
            User(username=f"critic{n}", display_name=f"Critic {n}", email=f"critic{n}@example.org")
            for n in range(20)
        )
        people = Person.objects.bulk_create(
            Person(name=f"Person {n}", slug=f"person-{n}", sort_name=f"Person {n:05}")
            for n in range(options["people"])
        )
        works = Work.objects.bulk_create(
            Work(title=f"Film {n}", slug=f"film-{n}", year=1930 + n % 95)
            for n in range(options["works"])
        )
        # One essay saved the ordinary way gives the rendered body every other one copies.
        model = Article(
            title="Model essay",
            slug="bench-model",
            body="\n\n".join([PARAGRAPH] * 12),
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(days=4000),
        )
        model.save(record_revision=False)
        slugs = [*MEASURED, *(f"bench-essay-{n}" for n in range(options["essays"] - 3))]
        essays = Article.objects.bulk_create(
            Article(
                title=f"On framing, part {n}",
                slug=slug,
                dek="How a camera's distance changes what we believe.",
                body=model.body,
                body_html=model.body_html,
                summary=model.summary,
                word_count=model.word_count,
                status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(hours=n + 1),
            )
            for n, slug in enumerate(slugs)
        )
        Through = Article.authors.through
        Through.objects.bulk_create(
            Through(article_id=essay.pk, user_id=authors[n % len(authors)].pk)
            for n, essay in enumerate([model, *essays])
        )
        WorkThrough = Article.subject_works.through
        WorkThrough.objects.bulk_create(
            WorkThrough(article_id=essay.pk, work_id=works[n % len(works)].pk)
            for n, essay in enumerate(essays)
        )
        PeopleThrough = Article.subject_people.through
        PeopleThrough.objects.bulk_create(
            PeopleThrough(article_id=essay.pk, person_id=people[n % len(people)].pk)
            for n, essay in enumerate(essays)
        )

        body_html = render_comment(COMMENT)
        plan = [(essays[i], count) for i, count in enumerate(MEASURED.values())]
        rest = options["comments"] - sum(MEASURED.values())
        others = essays[3:]
        per_essay, extra = divmod(rest, len(others))
        plan += [(essay, per_essay + (n < extra)) for n, essay in enumerate(others)]
        total = 0
        for essay, count in plan:
            total += self._comments(essay, count, body_html, rng, now)
        recount(Article.objects.all())
        # bulk_create sends no signal: the essays' search vectors are written here, at once.
        Article.objects.refresh_search_vectors()
        pagecache.bump()
        self.stdout.write(
            f"Loaded {len(essays) + 1} essays, {len(people)} people, {len(works)} works, "
            f"{total} comments."
        )

    def _comments(self, essay, count, body_html, rng, now):
        """``count`` approved comments on ``essay``, a third of them replies, oldest first;
        created in two passes so replies can name their parents."""
        start = essay.publish_at + timedelta(minutes=5)
        comments = []
        for n in range(count):
            email = f"reader{rng.randrange(5000)}@example.org"
            comment = Comment(
                article=essay,
                author_name=f"Reader {n}",
                author_email=email,
                identity=identity_key(email=email),
                identicon=identicon_digest(identity_key(email=email)),
                body=COMMENT,
                body_html=body_html,
                status=Comment.Status.APPROVED,
                submitted_at=min(now, start + timedelta(minutes=n)),
                approved_at=now,
                ip_address="127.0.0.1",
                user_agent="load_bench_data",
            )
            comments.append(comment)
        Comment.objects.bulk_create(comments, batch_size=2000)
        replies = []
        for n, comment in enumerate(comments):
            if n and n % 3 == 0:
                # Readers answer what was said lately, so every page of threads gets replies
                # (a parent drawn from all earlier comments would pile them onto page 1).
                parent = comments[n - 1 - rng.randrange(min(n, 40))]
                comment.parent_id = parent.pk
                comment.thread_id = parent.root_id
                comment.depth = parent.depth + 1
                replies.append(comment)
        Comment.objects.bulk_update(replies, ["parent", "thread", "depth"], batch_size=2000)
        return count
