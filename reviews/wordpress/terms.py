"""WordPress categories and tags, looked up and written a batch at a time.

An export lists its terms before its posts. Taken one at a time, each term cost about ten
queries (its link, a tag by slug, a tag by name, the tag, its link, its old addresses); here
they are kept back until a post needs one (or a few hundred have come), then the batch asks
once for the links, tags and series it may meet and writes what is new in a few INSERTs. Each
term is still decided in the export's order, against what the terms before it made or renamed,
so every outcome and count is the one that looking them up one at a time gave.
"""

from django.db.models import Q
from django.utils.text import slugify

from reviews.models import Series, Tag, WordPressLink
from reviews.wordpress import INSERT_SIZE

Kind = WordPressLink.Kind
# Terms looked up together: their ids, slugs and names fit in one query of each kind.
BATCH_SIZE = 200


class Term:
    """One term record, with what deciding it needs."""

    def __init__(self, record, *, categories):
        self.record = record
        self.taxonomy, self.slug = record["taxonomy"], record["slug"]
        self.is_category = self.taxonomy == "category"
        self.is_series = self.is_category and categories == "series"
        self.label = "categories" if self.is_category else "tags"
        self.kind = Kind.CATEGORY if self.is_category else Kind.TAG
        self.wordpress_id = record.get("id") or f"slug:{self.slug}"
        self.name = (record.get("name") or self.slug or "untitled").strip()
        slug = slugify(self.name if not self.slug else self.slug.replace("%", ""))
        self.new_slug = (slug or f"term-{self.wordpress_id}")[:100]

    @property
    def uncategorized(self):
        # WordPress files every post without a category here; it says nothing.
        return self.is_category and self.slug == "uncategorized"


class Groups:
    """The tags (or series) a batch may meet, by slug and by name (title), as the database
    holds them and as the batch changes them: one Python object for each row."""

    def __init__(self, model, field, rows):
        self.model, self.field = model, field
        self.by_pk, self.by_slug, self.by_name = {}, {}, {}
        self.new = []  # made by the batch, to insert
        for row in rows:
            self.note(row)

    def note(self, row):
        if row.pk is not None:
            self.by_pk[row.pk] = row
        self.by_slug[row.slug] = row
        self.by_name.setdefault(getattr(row, self.field), []).append(row)

    def same(self, row):
        """The batch's object for a link's target: one loaded apart from the groups, or one
        the batch made (noted then)."""
        if row.pk is None:
            return row
        if row.pk not in self.by_pk:
            self.note(row)
        return self.by_pk[row.pk]

    def find_or_make(self, term):
        """The group with the term's slug (a tag: or name), else a new one, and whether it is
        new."""
        name, slug = term.name, term.new_slug
        existing = self.by_slug.get(slug)
        if existing is None and self.model is Tag:
            existing = next(iter(self.by_name.get(name[:100], ())), None)
        if existing is not None:
            return existing, False
        if self.model is Series:
            description = term.record.get("description", "")
            made = Series(title=name[:200], slug=slug, description=description)
        else:
            made = Tag(name=name[:100], slug=slug)
        self.note(made)
        self.new.append(made)
        return made, True

    def rename(self, row, name):
        """Give ``row`` the term's name, unless it has it or another group already does."""
        old = getattr(row, self.field)
        if old == name or self.by_name.get(name):
            return False
        self.by_name[old].remove(row)
        setattr(row, self.field, name)
        self.by_name[name] = [row]
        if row.pk is not None:  # one the batch made is inserted with its final name
            row.save()
        return True

    def insert(self):
        self.model.objects.bulk_create(self.new, batch_size=INSERT_SIZE)


class Terms:
    """The importer's categories and tags: ``get()`` gives the tag or series of a term (or
    ``None``), importing the term first if no term record of the export gave it."""

    def __init__(self, importer):
        self.importer = importer
        self.found = {}  # (taxonomy, slug) → Tag, Series or None
        self.paths = {}  # category slug → "parent/child", for its old address
        self.pending = []  # term records kept back

    def add(self, record):
        self.pending.append(record)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def get(self, taxonomy, slug, name):
        self.flush()
        if (taxonomy, slug) not in self.found:
            self.pending.append({"taxonomy": taxonomy, "slug": slug, "name": name})
            self.flush()
        return self.found[(taxonomy, slug)]

    def flush(self):
        records, self.pending = self.pending, []
        terms = self._new_terms(records)
        if not terms:
            return
        links = self._links(terms)
        tags = self._groups(Tag, "name", [t for t in terms if not t.is_series])
        series = self._groups(Series, "title", [t for t in terms if t.is_series])
        new_links, changed_links = [], {}
        for term in terms:
            groups = series if term.is_series else tags
            link = links.get((term.kind, term.wordpress_id))
            target = link.target if link else None
            if target is not None and not isinstance(target, groups.model):
                target = None  # imported before with the other --categories choice
            if target is None:
                target, created = groups.find_or_make(term)
                link = self._point(link, term, target, new_links, changed_links)
                links[(term.kind, term.wordpress_id)] = link
                self.importer.summary.add(term.label, "created" if created else "skipped")
            else:
                target = groups.same(target)
                renamed = groups.rename(target, term.name[:100])
                self.importer.summary.add(term.label, "updated" if renamed else "skipped")
            self.found[(term.taxonomy, term.slug)] = target
        self._write(tags, series, new_links, changed_links)
        for term in terms:
            self._addresses(term, self.found[(term.taxonomy, term.slug)])

    def _new_terms(self, records):
        """The batch's terms met for the first time; "uncategorized" is settled at once."""
        terms, seen = [], set()
        for record in records:
            key = (record["taxonomy"], record["slug"])
            if key in self.found or key in seen:
                continue
            seen.add(key)
            term = Term(record, categories=self.importer.categories)
            if term.uncategorized:
                self.found[key] = None
                self.importer.summary.add(term.label, "skipped")
            else:
                terms.append(term)
        return terms

    def _links(self, terms):
        wanted = Q()
        for kind in {term.kind for term in terms}:
            ids = {term.wordpress_id for term in terms if term.kind == kind}
            wanted |= Q(kind=kind, wordpress_id__in=ids)
        found = WordPressLink.objects.filter(wanted).select_related("tag", "series")
        return {(link.kind, link.wordpress_id): link for link in found}

    def _groups(self, model, field, terms):
        if not terms:
            return Groups(model, field, [])
        slugs = {term.new_slug for term in terms}
        names = {term.name[:100] for term in terms}
        rows = model.objects.filter(Q(slug__in=slugs) | Q(**{f"{field}__in": names}))
        return Groups(model, field, rows)

    @staticmethod
    def _point(link, term, target, new_links, changed_links):
        """Make the term's link lead to ``target``: a new link, or one whose target is gone
        or of the other kind."""
        fields = (
            {"tag": None, "series": target} if term.is_series else {"tag": target, "series": None}
        )
        if link is None:
            link = WordPressLink(kind=term.kind, wordpress_id=term.wordpress_id, **fields)
            new_links.append(link)
            return link
        for name, value in fields.items():
            setattr(link, name, value)
        if link.pk is not None:
            changed_links[link.pk] = link
        return link

    @staticmethod
    def _write(tags, series, new_links, changed_links):
        # Groups before the links that lead to them; renamed groups were saved as decided, so a
        # name they gave up is free for a new group.
        tags.insert()
        series.insert()
        WordPressLink.objects.bulk_create(new_links, batch_size=INSERT_SIZE)
        WordPressLink.objects.bulk_update(
            changed_links.values(), ["tag", "series"], batch_size=INSERT_SIZE
        )

    def _addresses(self, term, target):
        group = {"series": target} if term.is_series else {"tag": target}
        if term.is_category:
            parent = self.paths.get(term.record.get("parent", ""), "")
            path = f"{parent}/{term.slug}" if parent else term.slug
            self.paths[term.slug] = path
            base = f"/category/{path}/"
            query = f"/?cat={term.record['id']}" if term.record.get("id") else ""
        else:
            base = f"/tag/{term.slug}/"
            query = f"/?tag={term.slug}"
        self.importer.addresses([query, base], **group)
        self.importer.address(base + "feed/", feed=True, **group)
