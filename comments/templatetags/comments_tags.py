from datetime import timedelta

from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from comments.cards import Cards
from comments.form_fields import render_field
from comments.forms import CommentForm, remembered_author
from comments.models import Comment, ModerationSettings
from comments.moderation import closed_reason
from comments.threads import RootPaginator, Thread, shown_count, shown_roots
from comments.views.identities import take_draft
from config import pagecache
from reviews.models import Article

register = template.Library()


@register.filter
def comment_field(field):
    """A field of the comment form in Bootstrap's markup (see comments.form_fields)."""
    return render_field(field)


OWN_COMMENTS_SESSION_KEY = "comments_own"


def own_comment_ids(request):
    """Ids of comments this browser posted, so their authors see them while they wait."""
    session = getattr(request, "session", None)
    return session.get(OWN_COMMENTS_SESSION_KEY, []) if session is not None else []


class CommentSection:
    """Everything the comments section under an essay shows, for one request."""

    def __init__(self, request, article):
        self.article = article
        user = self.reader = request.user
        own_ids = own_comment_ids(request)
        self.count = shown_count(article, reader=user, own_ids=own_ids)
        # A reader who sees no comment sees no thread: nothing to count or fetch.
        if self.count:
            roots = shown_roots(article, reader=user, own_ids=own_ids)
            pages = RootPaginator(roots, settings.COMMENTS_PER_PAGE)
        else:
            pages = Paginator([], settings.COMMENTS_PER_PAGE)
        self.page = pages.get_page(request.GET.get("cpage"))
        root_ids = list(self.page.object_list)
        self.thread = Thread(article, reader=user, own_ids=own_ids, roots=root_ids)
        self.page.object_list = self.thread.roots
        # Built once for the page's links, not with reverse() and {% querystring %} per comment.
        query = request.GET.copy()
        query.pop("replyto", None)
        query["replyto"] = ""
        self.reply_query = f"?{query.urlencode()}"
        self.permalink_prefix = reverse("comments:permalink", kwargs={"pk": 0}).removesuffix("0/")
        self.author_ids = {author.pk for author in article.authors.all()}
        # The settings row is the same for every page until a moderator saves it, which moves
        # the content version on.
        self.closed = closed_reason(
            article, moderation=pagecache.kept("moderation-settings", ModerationSettings.load)
        )
        self.reply_to = None
        self.form = None
        if not self.closed:
            initial = {} if user.is_authenticated else remembered_author(request)
            if initial:
                initial["remember"] = True
            draft = take_draft(request, article)
            if draft:
                initial["body"] = draft["body"]
            reply_to_id = request.GET.get("replyto", "")
            if reply_to_id.isdigit():
                # Any public comment of the essay, on this page of threads or another.
                self.reply_to = (
                    Comment.objects.public().filter(article=article, pk=int(reply_to_id)).first()
                )
                if self.reply_to is not None:
                    initial["parent"] = self.reply_to.pk
            self.form = CommentForm(initial=initial, article=article, user=user)
        self.max_depth = settings.COMMENTS_MAX_DEPTH

    def cards(self):
        """The page's threads, as HTML."""
        return Cards(self, self.reader).render(self.page.object_list)


@register.simple_tag(takes_context=True)
def comment_section(context, article):
    """``{% comment_section article as section %}``: the thread page, the form and the rest."""
    return CommentSection(context["request"], article)


@register.inclusion_tag("comments/includes/moderation_nav.html", takes_context=True)
def moderation_nav(context):
    """The header's link to the moderation queue, with the number waiting — one COUNT query,
    and only for people who moderate."""
    user = context.get("user")
    if user is None or not user.is_authenticated or not user.has_perm("comments.moderate_comment"):
        return {"show": False}
    return {"show": True, "pending": Comment.objects.pending().count()}


@register.inclusion_tag("comments/includes/most_discussed.html")
def most_discussed_essays(limit=5, days=30):
    """The front page's "most discussed this month": the published essays with the most
    public comments in the last ``days`` days. Here rather than in reviews, which never imports
    comments.

    Two queries: the month's comments counted by essay (read through the index on status and
    date, so only the month's comments are read, however many the site has), then those
    essays. Counting from the essays' side instead read every comment of every essay.

    The count is the same for every reader and reads a month of comments, so it is kept under
    the content version (``config.pagecache``), which every approval, edit or removal moves on:
    a signed-in reader's front page, rendered for them alone, does not count again. For an hour
    at most, since the month moves on too."""

    def count():
        now = timezone.now()
        return list(
            Comment.objects.public()
            .filter(
                submitted_at__gte=now - timedelta(days=days),
                article__status__in=Article.PUBLISHING,
                article__publish_at__lte=now,
            )
            .values("article")
            .annotate(recent=Count("pk"))
            .order_by("-recent", "-article__publish_at", "-article")
            .values_list("article", "recent")[:limit]
        )

    top = pagecache.kept(f"most-discussed:{limit}:{days}", count, timeout=60 * 60)
    found = Article.objects.only("title", "slug", "publish_at").in_bulk([pk for pk, _ in top])
    discussed = []
    for pk, recent in top:
        found[pk].recent_comments = recent
        discussed.append(found[pk])
    return {"essays": discussed, "days": days}


@register.inclusion_tag("comments/includes/subscribe_panel.html", takes_context=True)
def subscribe_panel(context, place="page"):
    """The "new essays by email" panel; ``place`` keeps its ids unique on a page."""
    request = context.get("request")
    signed_in = request is not None and request.user.is_authenticated
    return {
        "place": place,
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
        "signed_in": signed_in,
    }


@register.simple_tag(takes_context=True)
def moderation_waiting(context):
    """How many comments wait in the moderation queue, for the editors' desk; ``None`` for
    someone who does not moderate."""
    user = context["request"].user
    if not user.has_perm("comments.moderate_comment"):
        return None
    return Comment.objects.pending().count()
