"""WordPress comments in and out: the comments app's part of ``import_wordpress`` and
``export_wordpress``, plugged into the reviews app's importer and exporter as item hooks.

A WordPress comment keeps its thread (``comment_parent``), its status (approved, pending,
spam, trash → removed), the guest's name, email, website and IP address, its date, and its
account when WordPress linked one to an imported author. Pingbacks and trackbacks are
notices from other blogs rather than comments; they are counted as skipped.

Comments are written as HTML in WordPress and as a little Markdown here, so their text is
converted on the way in (links, emphasis, quotes and code survive; anything else becomes
plain text) and rendered through the usual path, sanitiser included. Imported comments are
history: they are stored in bulk, without the signals that email subscribers and moderators.
"""

import ipaddress
import re
from itertools import groupby
from operator import itemgetter

from markdownify import markdownify

from comments import counts
from comments.markup import has_spoilers, render_comment
from comments.models import Comment, ImportedComment, identity_key
from comments.models.comments import identicon_digest
from reviews.models import Article
from reviews.wordpress.content import autop
from reviews.wordpress.posts import wordpress_time

Status = Comment.Status
STATUSES = {
    "1": Status.APPROVED,
    "approve": Status.APPROVED,
    "0": Status.PENDING,
    "hold": Status.PENDING,
    "spam": Status.SPAM,
    "trash": Status.REMOVED,
    "post-trashed": Status.REMOVED,
}
EXPORTED_STATUSES = {
    Status.APPROVED: "1",
    Status.PENDING: "0",
    Status.SPAM: "spam",
    Status.REMOVED: "trash",
}
NOTICES = ("pingback", "trackback")
# New comments stored together (with those of the posts before): enough to save most of the
# inserts, few enough to keep memory flat.
BATCH_SIZE = 500
# Rows per INSERT. SQLite would take a thousand at once, but it keeps the statements it has
# prepared, and large ones hold megabytes each: memory would grow with every new row count.
INSERT_SIZE = 20
# Characters and line starts that mean something in HTML or in Markdown.
MARKUP = re.compile(r"[<>&*_`\\\[\]#|~!]|^\s*(?:[-+]|\d+\.)\s", re.M)
COMPARED = ["author_name", "author_email", "author_website", "body", "status", "submitted_at",
            "ip_address", "user_id", "parent_id"]  # fmt: skip


def comment_text(html):
    """A WordPress comment's HTML as the Markdown comments are written in here."""
    if not MARKUP.search(html or ""):
        # Plain words (most comments): nothing to convert, nothing Markdown would misread.
        return (html or "").strip()
    text = markdownify(
        autop(html or ""), heading_style="ATX", strip=["img", "h1", "h2", "h3", "h4", "h5", "h6"]
    )
    return text.strip()


def _ip(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def _fields(importer, record):
    user = importer.users_by_id.get(record.get("comment_user_id", "0"))
    website = (record.get("comment_author_url") or "").strip()
    email = (record.get("comment_author_email") or "").strip()
    return {
        "author_name": ((record.get("comment_author") or "").strip() or "Anonymous")[:100],
        "author_email": email[:254] if "@" in email else "",
        "author_website": website[:300] if website.startswith(("http://", "https://")) else "",
        "body": comment_text(record.get("comment_content", "")),
        "status": STATUSES[record.get("comment_approved", "1")],
        "submitted_at": wordpress_time(
            record.get("comment_date_gmt", ""), record.get("comment_date", "")
        ),
        "ip_address": _ip(record.get("comment_author_IP")),
        "user_id": user.pk if user is not None else None,
    }


def _depths(records):
    """Each comment's depth in its thread, so parents are stored before their replies. A reply
    whose parent is not in the export starts a thread of its own."""
    parents = {r["comment_id"]: r.get("comment_parent", "0") for r in records}
    depths = {}
    for comment_id in parents:
        depth, seen, current = 0, {comment_id}, parents[comment_id]
        while current in parents and current not in seen:
            seen.add(current)
            depth += 1
            current = parents[current]
        depths[comment_id] = depth
    return depths


def _prepared(comment):
    """What ``Comment.save`` works out, for comments stored in bulk."""
    comment.identity = (
        f"user:{comment.user_id}" if comment.user_id else identity_key(email=comment.author_email)
    )
    comment.body_html = render_comment(comment.body)
    comment.contains_spoilers = has_spoilers(comment.body_html)
    comment.identicon = identicon_digest(comment.identity)
    return comment


class PendingComments:
    """New comments of the last few posts, stored together: a post's replies need their
    parents' ids, so storing each post's comments on their own took two inserts per level of
    its threads. Kept as one of the importer's batches (see ``Importer.batch``), which the
    import flushes once more after the last post."""

    def __init__(self):
        self.rows = []  # (depth in the export's thread, WordPress id, comment, parent)
        self.articles = set()  # ids of the essays whose comments to count again

    def add(self, depth, wordpress_id, comment, parent):
        self.rows.append((depth, wordpress_id, comment, parent))

    def holds(self, article):
        return article.pk in self.articles

    def flush(self):
        rows, self.rows = self.rows, []
        articles, self.articles = self.articles, set()
        rows.sort(key=itemgetter(0))  # parents before their replies
        for _, level in groupby(rows, key=itemgetter(0)):
            comments = []
            for _, _, comment, parent in level:
                if parent is not None:
                    # What ``Comment.save`` works out, now that the parent has its id.
                    comment.parent_id = parent.pk
                    comment.thread_id = parent.root_id
                    comment.depth = parent.depth + 1
                comments.append(comment)
            Comment.objects.bulk_create(comments, batch_size=INSERT_SIZE)
        ImportedComment.objects.bulk_create(
            [ImportedComment(comment=comment, wordpress_id=wp_id) for _, wp_id, comment, _ in rows],
            batch_size=INSERT_SIZE,
        )
        if articles:
            # Stored in bulk, so no signal counted them.
            counts.recount(Article.objects.filter(pk__in=articles))


def import_comments(importer, item, article):
    """The item hook: the post's comments, created or updated under ``article``."""
    summary = importer.summary
    pending = importer.batch("comments", PendingComments)
    records = []
    for record in item["comments"]:
        importable = (
            record.get("comment_type", "") not in NOTICES
            and record.get("comment_approved", "1") in STATUSES
            and record.get("comment_id")
        )
        if importable:
            records.append(record)
        else:
            summary.add("comments", "skipped")
    if not records:
        return
    if len(pending.rows) >= BATCH_SIZE or pending.holds(article):
        # Flushed between posts; and before an essay met twice looks for its comments.
        pending.flush()
    existing = {}  # WordPress id → Comment stored before; an essay new here has none
    if not importer.new_essay:
        imported = ImportedComment.objects.filter(comment__article=article)
        existing = {i.wordpress_id: i.comment for i in imported.select_related("comment")}
    saved = {}  # WordPress id → Comment
    depths = _depths(records)
    for record in sorted(records, key=lambda record: depths[record["comment_id"]]):
        fields = _fields(importer, record)
        parent = saved.get(record.get("comment_parent", "0"))
        if parent is not None and parent.pk is None and record["comment_id"] in existing:
            pending.flush()  # a stored reply to a new comment needs its id
        fields["parent_id"] = parent.pk if parent is not None else None
        if fields["submitted_at"] is None:
            fields["submitted_at"] = article.publish_at or article.created_at
        comment = existing.get(record["comment_id"])
        if comment is None:
            comment = Comment(article=article, reason="Imported from WordPress.", **fields)
            _prepared(comment)
            pending.add(depths[record["comment_id"]], record["comment_id"], comment, parent)
            summary.add("comments", "created")
        elif any(getattr(comment, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(comment, name, value)
            comment.save()
            summary.add("comments", "updated")
        else:
            summary.add("comments", "skipped")
        saved[record["comment_id"]] = comment
    pending.articles.add(article.pk)


def write_comments(writer, article):
    """The export hook: the essay's comments as ``<wp:comment>`` elements, threaded."""
    for comment in Comment.objects.filter(article=article).order_by("pk").iterator():
        writer.open("wp:comment")
        writer.element("wp:comment_id", comment.pk)
        writer.element("wp:comment_author", comment.author_name, cdata=True)
        writer.element("wp:comment_author_email", comment.author_email, cdata=True)
        writer.element("wp:comment_author_url", comment.author_website)
        writer.element("wp:comment_author_IP", comment.ip_address or "", cdata=True)
        writer.dates("wp:comment_date", comment.submitted_at)
        writer.element("wp:comment_content", comment.body_html, cdata=True)
        writer.element(
            "wp:comment_approved", EXPORTED_STATUSES.get(comment.status, "0"), cdata=True
        )
        writer.element("wp:comment_type", "comment", cdata=True)
        writer.element("wp:comment_parent", comment.parent_id or 0)
        writer.element("wp:comment_user_id", comment.user_id or 0)
        writer.close("wp:comment")
