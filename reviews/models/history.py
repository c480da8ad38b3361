"""Every saved version of an essay, so an editor can see what changed and go back.

A revision is a JSON snapshot of what an editor writes (not of the rendered HTML, which is
derived again on restore). Images placed in the body are files and are not versioned; the
``[[image:…]]`` lines that place them are, with the rest of the body. The hero image is
versioned by name (with its crop): a replaced hero image's file is kept while a saved version
names it, so restoring that version brings the picture back.
"""

import difflib
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

SNAPSHOT_FIELDS = [
    "title",
    "slug",
    "dek",
    "body",
    "excerpt",
    "pull_quote",
    "hero_image",
    "hero_crop",
    "hero_focus_x",
    "hero_focus_y",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "status",
    "publish_at",
    "series",
    "series_position",
    "contains_spoilers",
    "comments_open",
]
SNAPSHOT_RELATIONS = ["authors", "subject_works", "subject_people", "tags"]
# Restoring brings back the writing; whether and when the essay is public stays as it is now.
NOT_RESTORED = {"status", "publish_at"}
# The batch revisions are kept back in, while one is open (see ArticleRevision.batched).
_batch = ContextVar("revision_batch", default=None)


def snapshot(article, relations=None):
    """The editable state of an essay, as JSON-ready values (relations as sorted ids).
    ``relations`` (name → ids) saves the queries when the caller has read them already."""
    data = {}
    for name in SNAPSHOT_FIELDS:
        field = article._meta.get_field(name)
        value = field.value_from_object(article)
        if name == "hero_image":
            value = value.name if value else ""
        elif name == "publish_at":
            value = value.isoformat() if value else None
        data[name] = value
    for name in SNAPSHOT_RELATIONS:
        if relations is None:
            data[name] = sorted(getattr(article, name).values_list("pk", flat=True))
        else:
            data[name] = sorted(relations.get(name, ()))
    return data


def related_ids(model, ids):
    """``{essay id: {relation: [ids]}}`` for the snapshot's relations, one query each."""
    found = {pk: {name: [] for name in SNAPSHOT_RELATIONS} for pk in ids}
    for name in SNAPSHOT_RELATIONS:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        rows = through.objects.filter(**{f"{source}__in": ids}).values_list(source, target)
        for essay_id, related_id in rows:
            found[essay_id][name].append(related_id)
    return found


class RevisionBatch:
    """Revisions asked for inside :meth:`ArticleRevision.batched`, written together by
    :meth:`flush`: a few queries for the lot instead of six for every essay."""

    def __init__(self):
        self.pending = []  # (essay, user, when)

    def __len__(self):
        return len(self.pending)

    def add(self, article, user):
        self.pending.append((article, user, timezone.now()))

    def flush(self):
        """Write the revisions kept back, each of the essay as it is now (relations
        included), unless it is the same as the last one kept."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        ids = {article.pk for article, _, _ in pending}
        relations = related_ids(type(pending[0][0]), ids)
        newest = ArticleRevision.objects.filter(article__in=ids).newest_of_each_essay()
        latest = dict(newest.values_list("article_id", "snapshot"))
        revisions = []
        for article, user, when in pending:
            state = snapshot(article, relations[article.pk])
            if latest.get(article.pk) == state:
                continue
            latest[article.pk] = state
            revisions.append(
                ArticleRevision(article=article, saved_by=user, saved_at=when, snapshot=state)
            )
        # A modest size per INSERT: SQLite keeps the statements it prepared, however large.
        ArticleRevision.objects.bulk_create(revisions, batch_size=100)


class ArticleRevisionQuerySet(models.QuerySet):
    def newest_of_each_essay(self):
        """The latest revision of every essay among these (the one a new save compares
        with)."""
        newest = ArticleRevision.objects.filter(article=models.OuterRef("article")).order_by(
            "-saved_at", "-pk"
        )
        return self.filter(pk=models.Subquery(newest.values("pk")[:1]))

    def naming_hero_image(self, name):
        """Saved versions whose hero image is the stored file ``name``."""
        return self.filter(snapshot__hero_image=name)

    def with_previous(self):
        """Revisions newest first, each with ``previous`` set to the one saved before it."""
        revisions = list(self.select_related("saved_by").order_by("-saved_at", "-pk"))
        for index, revision in enumerate(revisions):
            revision.previous = revisions[index + 1] if index + 1 < len(revisions) else None
        return revisions


class ArticleRevision(models.Model):
    article = models.ForeignKey(
        "reviews.Article", on_delete=models.CASCADE, related_name="revisions"
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_revisions",
    )
    saved_at = models.DateTimeField(default=timezone.now, db_index=True)
    snapshot = models.JSONField()
    note = models.CharField(max_length=300, blank=True)

    objects = ArticleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at", "-pk"]
        get_latest_by = "saved_at"
        verbose_name = "essay revision"
        verbose_name_plural = "essay revisions"

    def __str__(self):
        return f"{self.article} — {timezone.localtime(self.saved_at):%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, article, *, user=None, note=""):
        """Keep the essay's current state. A save that changed nothing adds no revision.

        Inside :meth:`batched` a revision without a note is kept back (``None`` is returned)
        and written with the batch."""
        batch = _batch.get()
        if batch is not None:
            if not note:
                batch.add(article, user)
                return None
            batch.flush()  # so that the revisions keep the order they were asked for in
        state = snapshot(article)
        latest = article.revisions.order_by("-saved_at", "-pk").first()
        if latest is not None and latest.snapshot == state and not note:
            return latest
        return cls.objects.create(article=article, saved_by=user, snapshot=state, note=note)

    @staticmethod
    @contextmanager
    def batched():
        """Keep back the revisions recorded inside, and write them together: for bulk work
        such as an import, where every essay saved would otherwise cost six queries more.

        Yields the :class:`RevisionBatch`; a caller that saves many essays flushes it now and
        then, between essays, so that memory stays flat and each essay is kept whole (its
        authors and tags are set after it is saved). What is left is written at the end; if
        the block fails, nothing is written.
        """
        batch = RevisionBatch()
        token = _batch.set(batch)
        try:
            yield batch
            batch.flush()
        finally:
            _batch.reset(token)

    def preceding(self):
        """The version of the same essay saved just before this one, or ``None``."""
        earlier = models.Q(saved_at__lt=self.saved_at) | models.Q(
            saved_at=self.saved_at, pk__lt=self.pk
        )
        return (
            ArticleRevision.objects.filter(earlier, article_id=self.article_id)
            .order_by("-saved_at", "-pk")
            .first()
        )

    def changed_fields(self, newer):
        """Names of the fields that differ between this version and the snapshot ``newer``."""
        return changed_fields(self.snapshot, newer)

    def diff(self, newer):
        """What changed from this version to the snapshot ``newer`` (see :func:`diff`)."""
        return diff(self.snapshot, newer)

    def restore_diff(self):
        """What restoring this version would change in the essay as it is now."""
        current = snapshot(self.article)
        return diff(current, self.snapshot, skip=NOT_RESTORED)

    @transaction.atomic
    def restore(self, *, by):
        """Bring the essay back to this version's writing and keep that as a new revision.

        What ``by`` may not edit (a contributor cannot change the authors, say) stays as it is
        now. Raises ``ValidationError`` if the old version is no longer valid (say, its slug has
        been taken since)."""
        article = _article_model().objects.select_for_update().get(pk=self.article_id)
        data = self.snapshot
        kept = NOT_RESTORED | article.fields_locked_for(by)
        skipped = []
        for name in SNAPSHOT_FIELDS:
            if name in kept:
                continue
            value = snapshot_value(data, name)
            if name == "hero_image":
                if value and not article.hero_image.storage.exists(value):
                    skipped.append("the hero image (its file is gone)")
                    continue
                article.hero_image = value
            elif name == "series":
                article.series_id = value
            else:
                setattr(article, name, value)
        article.full_clean(validate_unique=True, validate_constraints=True)
        article.save(record_revision=False)
        for name in SNAPSHOT_RELATIONS:
            if name in kept:
                continue
            related = getattr(article, name)
            related.set(related.model._default_manager.filter(pk__in=snapshot_value(data, name)))
        note = f"Restored the version saved {moment_label(self.saved_at)}"
        revision = ArticleRevision.record(article, user=by, note=note)
        return revision, skipped


def snapshot_value(data, name):
    """A field's value in a snapshot. Versions saved before a field existed (the crop, say)
    had its default."""
    if name in data:
        return data[name]
    if name in SNAPSHOT_RELATIONS:
        return []
    return _article_model()._meta.get_field(name).get_default()


def changed_fields(old, new, *, skip=()):
    names = SNAPSHOT_FIELDS + SNAPSHOT_RELATIONS
    return [
        name
        for name in names
        if name not in skip and snapshot_value(old, name) != snapshot_value(new, name)
    ]


def diff(old, new, *, skip=()):
    """``[(label, old, new, body_lines)]`` for every field that differs between two snapshots.
    ``body_lines`` is a word-level diff of the body (see :func:`body_diff`), ``None`` for the
    other fields, whose values are given as readable text."""
    rows = []
    for name in changed_fields(old, new, skip=skip):
        before, after = snapshot_value(old, name), snapshot_value(new, name)
        if name == "body":
            rows.append((field_label(name), "", "", body_diff(before or "", after or "")))
        else:
            rows.append((field_label(name), _display(name, before), _display(name, after), None))
    return rows


def body_diff(old, new):
    """A readable diff of two Markdown bodies: ``[(kind, parts)]`` per paragraph line, kind
    being "same", "removed", "added" or "changed"; a changed line's parts are
    ``[(kind, text)]`` runs of words marked "same", "removed" or "added"."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    lines = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(("same", [("same", line)]) for line in old_lines[i1:i2])
        elif tag == "delete":
            lines.extend(("removed", [("removed", line)]) for line in old_lines[i1:i2])
        elif tag == "insert":
            lines.extend(("added", [("added", line)]) for line in new_lines[j1:j2])
        else:
            pairs = list(zip(old_lines[i1:i2], new_lines[j1:j2], strict=False))
            lines.extend(("changed", _word_diff(a, b)) for a, b in pairs)
            lines.extend(
                ("removed", [("removed", line)]) for line in old_lines[i1 + len(pairs) : i2]
            )
            lines.extend(("added", [("added", line)]) for line in new_lines[j1 + len(pairs) : j2])
    return _collapse_unchanged(lines)


def _word_diff(old, new):
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(new_words[j1:j2])))
    return parts


def _collapse_unchanged(lines, context=1):
    """Keep changed lines with ``context`` unchanged lines around them; mark gaps with "gap"."""
    keep = set()
    for index, (kind, _) in enumerate(lines):
        if kind != "same":
            keep.update(range(index - context, index + context + 1))
    result = []
    for index, line in enumerate(lines):
        if index in keep:
            result.append(line)
        elif not result or result[-1][0] != "gap":
            result.append(("gap", []))
    return result


def moment_label(moment):
    return date_format(timezone.localtime(moment), "j M Y, H:i")


def _article_model():
    # Through the relation rather than an import: the essay model records its revisions, so it
    # imports this module.
    return ArticleRevision._meta.get_field("article").related_model


def field_label(name):
    field = _article_model()._meta.get_field(name)
    return str(field.verbose_name).capitalize()


def _display(name, value):
    field = _article_model()._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if value in (None, "", []):
        return "—"
    if name == "publish_at":
        moment = parse_datetime(value)
        return moment_label(moment) if moment else value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.many_to_many or field.many_to_one:
        objects = field.related_model._default_manager.filter(pk__in=_as_list(value))
        names = [str(obj) for obj in objects]
        missing = len(_as_list(value)) - len(names)
        return ", ".join(names + ([f"{missing} deleted"] if missing > 0 else []))
    return str(value)


def _as_list(value):
    return value if isinstance(value, list) else [value]
