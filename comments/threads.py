"""An essay's comments as threads, for one reader.

The essay's comments that the reader may see (``CommentQuerySet.visible_to``) come from the
database in one query, oldest first, and are grouped here by ``parent`` (an adjacency list,
nothing stored about order or depth). Then:

- a reader sees approved comments, plus their own comments still waiting for a moderator;
- a comment the reader cannot see but that has replies they can see stays as a placeholder
  ("deleted" or "removed"), so the replies keep their sense;
- replies deeper than ``COMMENTS_MAX_DEPTH`` are shown at the deepest level, after their
  siblings, with a note of whom they answer;
- top-level threads are paginated, ``COMMENTS_PER_PAGE`` to a page. A page counts the threads
  the reader sees anything in and takes its own from them (:func:`shown_roots`, on the stored
  ``Comment.thread``), then loads only the comments of the threads on that page, so page 1
  costs the same under 300 comments as under 3,000.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.urls import reverse

from comments.avatars import social_identities
from comments.models import Comment


def _seen(reader, own_ids):
    """Comments the reader sees in full: public ones, and their own that wait (or were
    caught as spam, which looks to its author like waiting)."""
    mine = Q(pk__in=list(own_ids))
    if reader is not None and reader.is_authenticated:
        mine |= Q(user=reader)
    own_waiting = mine & ~Q(status=Comment.Status.REMOVED) & Q(is_deleted=False)
    return Q(status=Comment.Status.APPROVED, is_deleted=False) | own_waiting


def shown_roots(article, *, reader=None, own_ids=()):
    """The first comments of the threads ``reader`` sees anything in, oldest first: the list
    a thread page is cut from. A QuerySet, so that :class:`RootPaginator` fetches one page of
    it, never the whole list.

    A thread shows when its first comment is seen, or any reply in it (the first comment then
    stands as a placeholder). The database walks the essay's first comments in order through
    a partial index on them (``comments_first_in_thread``) and asks about replies only for the
    hidden ones, so page 1 costs the same under 300 comments as under 3,000.
    """
    seen = _seen(reader, own_ids)
    # On the essay's own comments too: otherwise PostgreSQL may answer for the hidden first
    # comments by hashing every seen comment of the site.
    seen_reply = Comment.objects.on(article).filter(seen, thread=OuterRef("pk"))
    first = Comment.objects.on(article).filter(thread__isnull=True)
    return first.filter(seen | Exists(seen_reply)).order_by("submitted_at", "pk")


MAX_PAGE = 1_000_000


class RootPaginator(Paginator):
    """Pages of :func:`shown_roots` (without orphans), each page's ``object_list`` the ids
    of its first comments. A page's ids and the number of them all come in one query
    (``COUNT(*) OVER ()``) rather than a COUNT and then the page: the thread page is on every
    essay a reader opens. Only a page past either end (an old or a made-up link) costs more:
    that query finds nothing, and Django's own paginator finds the page ``get_page`` falls
    back to, with two more."""

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        # A number no page of threads could have (a made-up link) goes the usual way.
        if 1 <= number <= MAX_PAGE:
            bottom = (number - 1) * self.per_page
            rows = self.object_list.annotate(total=Window(Count("pk"))).values_list("pk", "total")
            rows = list(rows[bottom : bottom + self.per_page])
            if rows:
                self.count = rows[0][1]
                return self._get_page([pk for pk, _ in rows], number, self)
        ids = self.object_list.values_list("pk", flat=True)
        return Paginator(ids, self.per_page).get_page(number)


def shown_count(article, *, reader=None, own_ids=()):
    """How many comments the reader sees in full on all pages, their own waiting included."""
    if not own_ids and (reader is None or not reader.is_authenticated):
        return article.comment_count
    return Comment.objects.on(article).filter(_seen(reader, own_ids)).count()


def provider_name(account, names):
    """The name of ``account``'s provider; ``names`` keeps each provider's once per thread,
    since finding it may read the database."""
    if account.provider not in names:
        try:
            names[account.provider] = account.get_provider().name
        except Exception:  # a provider since taken off the site still marks its identities
            names[account.provider] = account.provider.replace("_", " ").title()
    return names[account.provider]


@dataclass
class Node:
    comment: Comment
    depth: int
    visible: bool  # False: a placeholder standing in for a hidden comment with replies
    awaiting: bool = False
    reply_to: Comment | None = None  # set when shown away from the comment it answers
    picture: str | None = None  # the stored social picture, else the identicon's address
    identity: tuple | None = None  # (provider id, provider name) of a social identity
    children: list = field(default_factory=list)

    @property
    def avatar_url(self):
        return self.picture or self.comment.identicon_url

    @property
    def placeholder_text(self):
        if self.comment.is_deleted:
            return "This comment was deleted by its author."
        if self.comment.status == Comment.Status.PENDING:
            return "This comment is awaiting moderation."
        return "This comment was removed."


class Thread:
    """The threads on one essay as ``reader`` sees them.

    ``own_ids`` are the ids of comments this browser posted (kept in the session), so a guest
    sees their own comment awaiting moderation. ``roots`` limits it to those threads (a page).
    """

    def __init__(self, article, *, reader=None, own_ids=(), comments=None, roots=None):
        self.article = article
        self.max_depth = max(1, settings.COMMENTS_MAX_DEPTH)
        if comments is None:
            loading = Comment.objects.on(article).visible_to(reader, own_ids=own_ids)
            if roots is not None:
                loading = loading.filter(Q(pk__in=roots) | Q(thread__in=roots))
            comments = list(loading.for_thread())
        self.by_id = {comment.pk: comment for comment in comments}
        user_id = reader.pk if reader is not None and reader.is_authenticated else None
        own = set(own_ids)

        def is_own(comment):
            return comment.pk in own or (user_id is not None and comment.user_id == user_id)

        self.nodes = {}
        for comment in comments:
            if comment.is_public:
                self.nodes[comment.pk] = Node(comment, 0, visible=True)
            # Spam, too, looks to its author like a comment awaiting moderation, as on
            # WordPress: telling a robot (or a banned commenter) it was caught only teaches it.
            elif (
                comment.status != Comment.Status.REMOVED
                and not comment.is_deleted
                and is_own(comment)
            ):
                self.nodes[comment.pk] = Node(comment, 0, visible=True, awaiting=True)
            else:
                self.nodes[comment.pk] = Node(comment, 0, visible=False)

        identities = social_identities(comment.user_id for comment in comments)
        # One reverse() for the page rather than one per comment.
        drawn = reverse("comments:identicon", kwargs={"digest": "0" * 20}).removesuffix(
            "0" * 20 + ".svg"
        )
        names = {}
        for comment in comments:
            node = self.nodes[comment.pk]
            node.picture = f"{drawn}{comment.identicon_digest}.svg"
            if found := identities.get(comment.user_id):
                node.picture = found.picture or node.picture
                node.identity = found.account.provider, provider_name(found.account, names)

        self.display_parent = {}
        depth = {}
        for comment in comments:  # oldest first, so a parent is placed before its replies
            parent_id = self._shown_parent_id(comment, depth)
            self.display_parent[comment.pk] = parent_id
            depth[comment.pk] = 1 if parent_id is None else depth[parent_id] + 1
            self.nodes[comment.pk].depth = depth[comment.pk]
            if parent_id is not None and parent_id != comment.parent_id:
                self.nodes[comment.pk].reply_to = self.by_id.get(comment.parent_id)

        # A hidden comment stays, as a placeholder, when something under it is shown.
        shown = {pk for pk, node in self.nodes.items() if node.visible}
        for comment in reversed(comments):
            if comment.pk in shown:
                parent_id = self.display_parent[comment.pk]
                if parent_id is not None:
                    shown.add(parent_id)
        self.shown = shown

        self.roots = []
        for comment in comments:
            if comment.pk not in shown:
                continue
            node = self.nodes[comment.pk]
            parent_id = self.display_parent[comment.pk]
            if parent_id is None:
                self.roots.append(node)
            else:
                self.nodes[parent_id].children.append(node)

    def _shown_parent_id(self, comment, depth):
        parent_id = comment.parent_id
        # A parent missing from this essay (never expected) makes the reply a new thread.
        if parent_id not in depth:
            parent_id = None
        while parent_id is not None and depth[parent_id] >= self.max_depth:
            parent_id = self.display_parent[parent_id]
        return parent_id

    @property
    def count(self):
        """Comments shown in full, the reader's own waiting ones included."""
        return sum(1 for pk in self.shown if self.nodes[pk].visible)

    def page_number_of(self, comment):
        """The page whose threads include ``comment``, or ``None`` when it is not shown."""
        if comment.pk not in self.shown:
            return None
        root_id = comment.pk
        while self.display_parent[root_id] is not None:
            root_id = self.display_parent[root_id]
        index = next(i for i, node in enumerate(self.roots) if node.comment.pk == root_id)
        return index // settings.COMMENTS_PER_PAGE + 1
