"""The comment cards of a thread page, written out in Python rather than by a template.

A page of threads shows up to a couple of hundred cards, and each card is some twenty tags and
variables. In the template engine that cost about a quarter of a millisecond a card: more than
half of the time of an essay with 300 comments, when nothing is cached (a signed-in reader, or
the first reader after a change). Here a card costs a few microseconds: everything that is the
same for every card of the page (links, pictures, month names, the reader) is worked out once
in :class:`Cards`, and the rest is string formatting with every value escaped (by the standard
library's ``html.escape``, as Django's ``escape`` does, but for strings only, which every value
written here is).

The markup is the one ``templates/comments/section.html`` used to hold; the template still
lays out the section around the list and the form.
"""

from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString

from accounts.templatetags.accounts_tags import provider_mark
from comments.models import Comment

SPAM = Comment.Status.SPAM


def _url_with_pk(name):
    """``name``'s address with ``{}`` where the comment's id goes: one ``reverse()`` a page."""
    return reverse(name, kwargs={"pk": 0}).replace("/0/", "/{}/", 1)


class Cards:
    """Renders the cards of one page of ``section`` (a ``CommentSection``) for ``reader``."""

    def __init__(self, section, reader):
        self.section = section
        self.reader_id = reader.pk if reader is not None and reader.is_authenticated else None
        self.can_reply = section.form is not None
        self.months = {number: str(name) for number, name in MONTHS.items()}
        self.reply_query = escape(section.reply_query)
        self.edit_url = _url_with_pk("comments:edit")
        self.delete_url = _url_with_pk("comments:delete")
        self.marks = {}
        self.zone = timezone.get_current_timezone()

    def render(self, nodes):
        return SafeString("".join(self.card(node) for node in nodes))

    def card(self, node):
        comment = node.comment
        classes = "comment"
        if node.awaiting:
            classes += " comment--awaiting"
        if not node.visible:
            classes += " comment--placeholder"
        inner = (
            self.visible_card(node)
            if node.visible
            else f'<p class="comment__placeholder">{escape(node.placeholder_text)}</p>'
        )
        replies = ""
        if node.children:
            replies = (
                '\n<ol class="comment-list comment-list--replies">'
                f"{self.render(node.children)}</ol>"
            )
        return f'<li class="{classes}" id="{comment.anchor}">\n{inner}{replies}\n</li>\n'

    def visible_card(self, node):
        comment = node.comment
        anchor = comment.anchor
        name = escape(comment.author_name)
        if comment.is_guest and comment.author_website:
            author = (
                f'<a href="{escape(comment.author_website)}" rel="nofollow ugc noopener">{name}</a>'
            )
        else:
            author = name
        meta = [f'<span class="comment__author" id="{anchor}-by">{author}</span>']
        if node.identity:
            provider_id, provider_name = node.identity
            provider_name = escape(str(provider_name))
            meta.append(
                f'<img class="comment__provider" src="{self.mark(provider_id)}" '
                f'alt="({provider_name})" title="Signed in with {provider_name}" '
                'width="14" height="14">'
            )
        if comment.user_id is not None and comment.user_id in self.section.author_ids:
            meta.append('<span class="comment__badge">Author</span>')
        submitted = comment.submitted_at.astimezone(self.zone)
        meta.append(
            f'<a class="comment__permalink" href="{self.section.permalink_prefix}{comment.pk}/">'
            f'<time datetime="{submitted:%Y-%m-%dT%H:%M:%S%z}">{self.when(submitted)}</time></a>'
        )
        if comment.edited_at:
            edited = self.when(comment.edited_at.astimezone(self.zone))
            meta.append(f'<span class="comment__edited" title="Edited {edited}">edited</span>')
        if node.reply_to is not None:
            meta.append(
                '<span class="comment__reply-to">in reply to '
                f'<a href="#{node.reply_to.anchor}">{escape(node.reply_to.author_name)}</a></span>'
            )
        parts = [
            f'<article class="comment__card" aria-labelledby="{anchor}-by">',
            '<header class="comment__header">'
            f'<img class="comment__avatar" src="{escape(node.avatar_url)}" alt="" width="40" '
            'height="40" loading="lazy">',
            f'<p class="comment__meta">{"\n".join(meta)}</p></header>',
        ]
        if node.awaiting:
            parts.append(
                '<p class="comment__awaiting">Your comment is awaiting moderation. '
                "Only you can see it.</p>"
            )
        if comment.contains_spoilers:
            parts.append(
                f'<input type="checkbox" class="comment__spoiler-toggle" id="{anchor}-spoilers">'
                f'<label class="comment__spoiler-label" for="{anchor}-spoilers">'
                "Show spoilers</label>"
            )
        # Sanitised when the comment was saved (comments.markup), like an essay's body.
        parts.append(f'<div class="comment__body">{comment.body_html}</div>')
        parts.append(f'<footer class="comment__actions">{self.actions(comment, name)}</footer>')
        parts.append("</article>")
        return "\n".join(parts)

    def actions(self, comment, name):
        links = []
        if self.can_reply and comment.is_public:
            links.append(
                f'<a class="comment__reply" href="{self.reply_query}{comment.pk}'
                f'#comment-form" data-reply-to="{comment.pk}" data-reply-name="{name}">'
                f'Reply<span class="visually-hidden"> to {name}</span></a>'
            )
        # Never for spam, which its author sees as awaiting moderation (see comments.threads).
        if (
            self.reader_id is not None
            and comment.user_id == self.reader_id
            and comment.status != SPAM
        ):
            if comment.in_edit_window:
                links.append(
                    f'<a href="{self.edit_url.format(comment.pk)}">'
                    'Edit<span class="visually-hidden"> your comment</span></a>'
                )
            links.append(
                f'<a href="{self.delete_url.format(comment.pk)}">'
                'Delete<span class="visually-hidden"> your comment</span></a>'
            )
        return "\n".join(links)

    def when(self, moment):
        """``j F Y, H:i``, as the ``date`` filter writes it (in the current time zone)."""
        return f"{moment.day} {self.months[moment.month]} {moment.year}, {moment:%H:%M}"

    def mark(self, provider_id):
        if provider_id not in self.marks:
            self.marks[provider_id] = provider_mark(provider_id)
        return self.marks[provider_id]
