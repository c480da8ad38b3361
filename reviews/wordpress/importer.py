"""Importing a WordPress export: authors, categories, tags, posts, pages and their images.

The whole run is one transaction, and the image files it writes are noted in a journal: a
file that is not a WordPress export, an XML error on line 90,000 or any failure half-way
leaves the database and the media folder as they were. A dry run does all the work, then
rolls it back.

Other apps add their own part of each post through ``item_hooks``: callables
``hook(importer, item, article)`` run after an essay is saved, with the post as the reader
gave it (the comments app imports its comments this way, since this app must not know it).
A hook may keep rows back in one of the importer's batches (:meth:`Importer.batch`) to store
many posts' worth at once; the importer keeps back its own terms, old addresses and the links
of new essays the same way (:mod:`reviews.wordpress.terms`, :mod:`~reviews.wordpress.addresses`,
:mod:`~reviews.wordpress.links`).
"""

from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from config import pagecache
from reviews.models import ArticleRevision, WordPressLink
from reviews.models.search_vector import refreshed_at_the_end
from reviews.wordpress.addresses import PendingAddresses
from reviews.wordpress.content import media_key
from reviews.wordpress.links import NewEssayLinks
from reviews.wordpress.media import Journal, MediaSource
from reviews.wordpress.posts import import_post
from reviews.wordpress.reader import read_wxr
from reviews.wordpress.terms import Terms

Kind = WordPressLink.Kind
# Essays whose revisions are written together: few enough to hold, many enough to save most
# of the queries.
REVISION_BATCH = 100
KINDS = ["authors", "categories", "tags", "essays", "pages", "images", "comments", "old addresses"]
OUTCOMES = ["created", "updated", "skipped", "failed"]


class Summary:
    """Counts per kind of record and outcome, and the problems worth listing."""

    def __init__(self):
        self.counts = defaultdict(Counter)
        self.problems = []

    def add(self, kind, outcome, n=1):
        self.counts[kind][outcome] += n

    def problem(self, text):
        self.problems.append(text)

    def rows(self):
        kinds = KINDS + [kind for kind in self.counts if kind not in KINDS]
        return [(kind, *(self.counts[kind][o] for o in OUTCOMES)) for kind in kinds]


def scan_attachments(path, *, on_progress=None):
    """First pass: every attachment (they may follow the posts that show them), by id, and
    the ids by :func:`media_key` of their address, and the ids by the post they belong to."""
    attachments, urls, children = {}, {}, defaultdict(list)
    for kind, record in read_wxr(path, on_progress=on_progress, post_types={"attachment"}):
        if kind == "item":
            record.pop("content", None)
            record.pop("comments", None)
            attachments[record.get("post_id", "")] = record
            children[record.get("post_parent", "")].append(record.get("post_id", ""))
            url = record.get("attachment_url") or record.get("guid") or ""
            if url:
                urls[media_key(url)] = record.get("post_id", "")
    return attachments, urls, children


class Importer:
    def __init__(self, *, categories="tags", pages=True, media=None, dry_run=False,
                 item_hooks=(), on_progress=None):  # fmt: skip
        self.categories = categories
        self.pages = pages
        self.media = media or MediaSource()
        self.dry_run = dry_run
        self.item_hooks = list(item_hooks)
        self.on_progress = on_progress
        self.summary = Summary()
        self.users = {}  # login → user
        self.users_by_id = {}  # WordPress author id → user
        self.terms = Terms(self)
        self.old_addresses = PendingAddresses(self.summary)
        self.new_links = NewEssayLinks()
        self.base_url = ""
        self.journal = None
        self.batches = {}  # name → what hooks keep back to store together (see batch)
        # Whether the essay the item hooks are given was created by their item: nothing hangs
        # off it yet, so a hook need not ask what does.
        self.new_essay = False

    def run(self, path):
        self.attachments, self.urls, self.children = scan_attachments(
            path, on_progress=self.on_progress
        )
        self.journal = Journal()
        try:
            # Every saved essay, tag and link would make all cached pages stale, twice; once
            # for the whole import is enough.
            with pagecache.one_bump(), transaction.atomic():
                # Each post is saved and linked several times: its search vector is written
                # once, with every other essay's, when the last post is in (and before a dry
                # run's rollback, which refuses any further query). Its revision is written
                # with those of the posts around it.
                with refreshed_at_the_end(), ArticleRevision.batched() as revisions:
                    for kind, record in read_wxr(path, on_progress=self.on_progress):
                        getattr(self, f"import_{kind}")(record)
                        if len(revisions) >= REVISION_BATCH:
                            # Between posts, so each essay is kept with its authors and tags,
                            # which go in first.
                            self.new_links.flush()
                            revisions.flush()
                    # Terms leave old addresses behind, so they go first.
                    self.terms.flush()
                    self.old_addresses.flush()
                    self.new_links.flush()
                    for batch in self.batches.values():
                        batch.flush()
                if self.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            self.journal.undo()
            raise
        if self.dry_run:
            self.journal.undo()
        return self.summary

    # Authors

    def import_author(self, record):
        login = record.get("login", "").strip()
        if not login:
            self.summary.add("authors", "skipped")
            return None
        User = get_user_model()
        fields = {
            "display_name": (record.get("display_name") or login)[:150],
            "email": record.get("email", "")[:254],
            "first_name": record.get("first_name", "")[:150],
            "last_name": record.get("last_name", "")[:150],
        }
        link = (
            WordPressLink.objects.filter(kind=Kind.AUTHOR, wordpress_id=login)
            .select_related("user")
            .first()
        )
        user = link.user if link else None
        if user is None:
            user = User(username=self._free_username(login), **fields)
            # The site owner invites imported authors; until then nobody can sign in as them.
            user.set_unusable_password()
            user.save()
            WordPressLink.objects.create(kind=Kind.AUTHOR, wordpress_id=login, user=user)
            self.summary.add("authors", "created")
        elif any(getattr(user, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(user, name, value)
            user.save(update_fields=list(fields))
            self.summary.add("authors", "updated")
        else:
            self.summary.add("authors", "skipped")
        self.users[login] = user
        if record.get("id"):
            self.users_by_id[record["id"]] = user
        return user

    def user_for(self, login):
        if not login:
            return None
        if login not in self.users:
            self.import_author({"login": login})
        return self.users.get(login)

    def _free_username(self, login):
        User = get_user_model()
        base = (slugify(login) or "author")[:140]
        name, n = base, 1
        while User.objects.filter(username=name).exists():
            n += 1
            name = f"{base}-wp{n if n > 2 else ''}"
        return name

    # Categories and tags

    def import_term(self, record):
        if record["taxonomy"] in ("category", "post_tag"):
            # Kept back and looked up with the terms around it (see reviews.wordpress.terms).
            self.terms.add(record)
        # Otherwise menus, post formats and the like: nothing readers browse.

    def term(self, taxonomy, slug, name):
        """The tag or series for a WordPress term, imported the first time it is met."""
        return self.terms.get(taxonomy, slug, name)

    # Posts, pages and what hangs off them

    def import_item(self, record):
        post_type = record.get("post_type")
        if post_type in ("post", "page"):
            article, self.new_essay = import_post(self, record)
            if article is not None:
                for hook in self.item_hooks:
                    hook(self, record, article)

    def batch(self, name, make):
        """The batch ``name``, made by ``make()`` the first time a hook asks for it: rows a
        hook keeps back to store many posts' worth at once. It flushes itself between posts
        when it likes; the run calls its ``flush()`` once more after the last post."""
        if name not in self.batches:
            self.batches[name] = make()
        return self.batches[name]

    def address(self, path, *, feed=False, **target):
        """Make an old address of the site lead to ``target`` (an article, tag or series)."""
        self.addresses([path], feed=feed, **target)

    def addresses(self, paths, *, feed=False, **target):
        """Make old addresses lead to ``target`` (saved already). They are written with the
        addresses around them, by the end of the run."""
        self.old_addresses.add(paths, feed=feed, **target)
