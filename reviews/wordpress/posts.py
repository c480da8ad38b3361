"""One WordPress post or page, imported as an essay with its images and old addresses.

What maps to what:

==============  ======================================================================
WordPress       Here
==============  ======================================================================
publish         published, at ``post_date_gmt`` (back-dated as it was)
future          scheduled for ``post_date_gmt``
draft, private  draft (this site has no private essays; readers never see them)
pending         submitted for review
trash, auto-draft, revisions: not imported
page            a draft essay, for an editor to publish or delete (pages are not essays)
==============  ======================================================================
"""

import posixpath
import re
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify

from reviews.images import inspect_image
from reviews.markup import plain_text
from reviews.models import Article, ArticleImage, WordPressLink
from reviews.wordpress.content import ATTACHMENT_ID, BodyConverter, media_key
from reviews.wordpress.media import MediaMissing

Status = Article.Status
STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.SCHEDULED,
    "draft": Status.DRAFT,
    "private": Status.DRAFT,
    "pending": Status.REVIEW,
}
NO_DATE = "0000-00-00 00:00:00"
ADDRESS = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)""")


def save_with_status(article, status, publish_at):
    """The one place the import decides whether an essay is public.

    WordPress already published (or scheduled) these posts, so the import acts as a trusted
    system caller: no person's permission is asked, and the dates are WordPress's.
    """
    if status in Article.PUBLISHING:
        # A future time schedules, a past one back-dates: WordPress's own dates stand.
        article.publish(by=None, at=publish_at)
        return
    # Drafts and pending posts arrive as they were; submitting them would email the editors
    # once for every post of an old site.
    article.status = status
    article.publish_at = publish_at
    article.save()


def wordpress_time(gmt, local=""):
    """A WordPress date (``2014-03-02 18:30:00``, in GMT) as an aware datetime, or ``None``."""
    for value in (gmt, local):
        if value and value != NO_DATE:
            try:
                return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            except ValueError:
                continue
    return None


def old_path(url):
    """The path (and query) of an old address: ``https://old.example/2014/03/x/`` →
    ``/2014/03/x/``."""
    parts = urlsplit((url or "").strip())
    path = unquote(parts.path) or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _slug(importer, item, article):
    wanted = slugify(unquote(item.get("post_name", ""))) or slugify(item.get("title", ""))
    wanted = (wanted or f"essay-{item.get('post_id', '')}")[:190]
    slug, n = wanted, 1
    while Article.objects.filter(slug=slug).exclude(pk=article.pk).exists():
        n += 1
        slug = f"{wanted}-{n}"
    return slug


def _images_for(importer, item, article):
    """Which of the post's images are here (``{attachment id: name}``) and which files to
    store (``{attachment id: bytes}``). Files that cannot be had are reported."""
    post_id = item.get("post_id", "")
    content = item.get("content", "")
    wanted = list(importer.children.get(post_id, ()))
    for address in ADDRESS.findall(content):
        attachment_id = importer.urls.get(media_key(address))
        if attachment_id and attachment_id not in wanted:
            wanted.append(attachment_id)
    wanted += [
        i for i in ATTACHMENT_ID.findall(content) if i in importer.attachments and i not in wanted
    ]
    thumbnail = item["meta"].get("_thumbnail_id", "").strip()
    existing = set()
    if article.pk and wanted:
        existing = set(article.images.filter(key__startswith="wp-").values_list("key", flat=True))
    placed, files = {}, {}
    for attachment_id in wanted:
        attachment = importer.attachments[attachment_id]
        if not attachment.get("attachment_url", "") and not attachment.get("guid"):
            continue
        key = f"wp-{attachment_id}"
        if key in existing:
            placed[attachment_id] = key
            importer.summary.add("images", "skipped")
            continue
        if not importer.media.enabled:
            importer.summary.add("images", "skipped")
            continue
        try:
            files[attachment_id] = importer.media.read(attachment)
            placed[attachment_id] = key
        except MediaMissing as missing:
            importer.summary.add("images", "failed")
            importer.summary.problem(f"Image {attachment_id} ({item.get('title', '')}): {missing}")
    hero = None
    if thumbnail in importer.attachments and not article.hero_image and importer.media.enabled:
        try:
            data = files.get(thumbnail) or importer.media.read(importer.attachments[thumbnail])
            inspect_image(ContentFile(data))
            hero = (thumbnail, data)
        except (MediaMissing, ValidationError) as missing:
            importer.summary.add("images", "failed")
            importer.summary.problem(f"Featured image {thumbnail}: {_first_message(missing)}")
    return placed, files, hero


def _store_images(importer, article, files, captions):
    stored = False
    for attachment_id, data in files.items():
        attachment = importer.attachments[attachment_id]
        name = posixpath.basename(urlsplit(attachment.get("attachment_url", "")).path) or "image"
        alt = attachment["meta"].get("_wp_attachment_image_alt", "") or attachment.get("title", "")
        key = f"wp-{attachment_id}"
        image = ArticleImage(
            article=article,
            key=key,
            alt=(alt.strip() or article.title)[:300],
            caption=(captions.get(key) or plain_text(attachment.get("excerpt", "")))[:500],
            image=ContentFile(data, name=name),
        )
        try:
            # The image module's own checks, before anything is stored: a real image, not too
            # large in bytes or pixels.
            inspect_image(ContentFile(data))
            image.full_clean(exclude=["article"])
        except ValidationError as error:
            importer.summary.add("images", "failed")
            importer.summary.problem(f"Image {attachment_id}: {_first_message(error)}")
            continue
        # The body is rendered once they are all in, instead of once for each.
        image.save(refresh_body=False)
        stored = True
        importer.journal.wrote(image.image)
        importer.summary.add("images", "created")
    if stored:
        article.refresh_body()


def _first_message(error):
    messages = getattr(error, "messages", None) or [str(error)]
    return messages[0]


def _groups(importer, item):
    """The post's tags, and its series (with ``--categories series``: its first category)."""
    groups = [
        importer.term(domain, slug, name)
        for domain, slug, name in item["terms"]
        if domain in ("category", "post_tag")
    ]
    groups = [group for group in groups if group is not None]
    tags = [g for g in groups if not hasattr(g, "title")]
    series = next((g for g in groups if hasattr(g, "title")), None)
    return tags, series


def _relate_again(article, **related):
    """Give an essay imported before its post's ``related`` (relation name → objects);
    whether any differed."""
    changed = False
    for name, objects in related.items():
        relation = getattr(article, name)
        if set(relation.all()) != set(objects):
            relation.set(objects)
            changed = True
    return changed


def import_post(importer, item):
    """The essay for a post or page, and whether this call created it: ``(None, False)`` for
    a post that is not imported."""
    kind = WordPressLink.Kind.PAGE if item.get("post_type") == "page" else WordPressLink.Kind.POST
    label = "pages" if kind == WordPressLink.Kind.PAGE else "essays"
    status = STATUSES.get(item.get("status", ""))
    if status is None or (kind == WordPressLink.Kind.PAGE and not importer.pages):
        importer.summary.add(label, "skipped")
        return None, False
    if kind == WordPressLink.Kind.PAGE:
        status = Status.DRAFT
    post_id = item.get("post_id", "")
    if importer.new_links.holds(kind, post_id):
        importer.new_links.flush()  # the same post again: its essay is found by its link
    link = (
        WordPressLink.objects.filter(kind=kind, wordpress_id=post_id)
        .select_related("article")
        .first()
    )
    article = link.article if link and link.article else Article(body_format="html")
    publish_at = wordpress_time(item.get("post_date_gmt", ""), item.get("post_date", ""))
    if status == Status.DRAFT or status == Status.REVIEW:
        publish_at = article.publish_at if article.pk else None

    placed, files, hero = _images_for(importer, item, article)
    attached = [i for i in importer.children.get(post_id, ()) if i in placed]
    converter = BodyConverter(images=placed, urls=importer.urls, attached=attached)
    body = converter.convert(item.get("content", ""), footnotes=item["meta"].get("footnotes", ""))
    fields = {
        "title": (item.get("title", "").strip() or "Untitled")[:300],
        "body": body,
        "body_format": "html",
        "excerpt": plain_text(item.get("excerpt", "")),
        "comments_open": item.get("comment_status", "open") == "open",
        # A sticky post stood at the top of the old front page: here it leads the front page.
        "featured": kind == WordPressLink.Kind.POST and item.get("is_sticky") == "1",
    }
    if not article.pk:
        fields["slug"] = _slug(importer, item, article)
    changed = any(getattr(article, name) != value for name, value in fields.items())
    changed |= article.status != status or article.publish_at != publish_at
    created = article.pk is None
    for name, value in fields.items():
        setattr(article, name, value)
    if hero is not None:
        attachment = importer.attachments[hero[0]]
        article.hero_image = ContentFile(
            hero[1], name=posixpath.basename(attachment.get("attachment_url", "")) or "hero"
        )
        article.hero_alt = (
            attachment["meta"].get("_wp_attachment_image_alt", "")
            or attachment.get("title", "")
            or article.title
        )[:300]
        changed = True
    # Known before the essay is saved, so that a series is saved with it rather than after.
    authors = [user for user in [importer.user_for(item.get("creator", ""))] if user]
    tags, series = _groups(importer, item)
    saved = changed
    if saved:
        if series is not None:
            article.series = series
        save_with_status(article, status, publish_at)
        if hero is not None:
            importer.journal.wrote(article.hero_image)
            importer.summary.add("images", "created")
    if created:
        importer.new_links.add(kind, post_id, article, authors=authors, tags=tags)
    else:
        changed |= _relate_again(article, authors=authors, tags=tags)
    if series is not None and article.series_id != series.pk:
        # Nothing else of the essay changed, so it was not saved: only its series is written.
        article.series = series
        Article.objects.filter(pk=article.pk).update(series=series)
        changed = True
    if changed and not saved:
        # Only its authors, tags or series moved; they are part of its history all the same.
        article.record_revision()
    _store_images(importer, article, files, converter.captions)
    importer.summary.add(label, "created" if created else "updated" if changed else "skipped")

    paths = [old_path(item.get("link", "")), f"/?p={post_id}"]
    if kind == WordPressLink.Kind.PAGE:
        paths.append(f"/?page_id={post_id}")
    importer.addresses(paths, article=article)
    return article, created
