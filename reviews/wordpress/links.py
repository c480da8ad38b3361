"""What ties each essay the import creates to the rest, kept back and written a batch of posts
at a time: its WordPress link (by which a later run finds it) and its authors and tags.

An essay created just now has no links yet, so the rows go straight in with ``bulk_create``:
``essay.tags.add()`` would first ask which of them exist, and send ``m2m_changed``, which for
these relations only the page cache hears, and the import bumps that once for the whole run.
Whatever reads the rows needs them written first: the revisions, which record each essay's
authors and tags, and the same post met again further on in the export, found by its link.
"""

from reviews.models import Article, WordPressLink
from reviews.wordpress import INSERT_SIZE


def _through(name):
    """The table behind the essay's relation ``name``, and its two columns."""
    field = Article._meta.get_field(name)
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    return through, source, target


class NewEssayLinks:
    def __init__(self):
        self.rows = {}  # model → rows to write, in order
        self.posts = set()  # (kind, WordPress id) of the links kept back

    def add(self, kind, post_id, article, **related):
        """Link ``article``, created for the post ``post_id``, to it and to ``related``
        (relation name → objects): ``authors=[…], tags=[…]``."""
        self._keep(WordPressLink(kind=kind, wordpress_id=post_id, article=article))
        self.posts.add((kind, post_id))
        for name, objects in related.items():
            through, source, target = _through(name)
            for pk in dict.fromkeys(obj.pk for obj in objects):
                self._keep(through(**{source: article.pk, target: pk}))

    def holds(self, kind, post_id):
        return (kind, post_id) in self.posts

    def flush(self):
        rows, self.rows = self.rows, {}
        self.posts = set()
        for model, kept in rows.items():
            model.objects.bulk_create(kept, batch_size=INSERT_SIZE)

    def _keep(self, row):
        self.rows.setdefault(type(row), []).append(row)
