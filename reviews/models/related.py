"""Related essays: the essays that share the most works and people with an essay.

Each shared work and each shared person counts once; ties go to the newest essay. The ranking
is one statement written out: the link rows of the essay's subjects joined to the other essays'
link rows, counted per essay, joined to the essays asked about. The ORM can only say it with a
correlated subquery per link table, which took longer to build than this takes to run, on every
essay page a reader opens (README, "Performance").
"""

from django.db import connections


def _subject_links(essay_model, quote):
    """One SELECT per link table: the essays linked to a subject of the essay (``%s``)."""
    for link, subject in (
        (essay_model.subject_works.through, "work"),
        (essay_model.subject_people.through, "person"),
    ):
        table = quote(link._meta.db_table)
        essay_id = quote(link._meta.get_field("article").column)
        subject_id = quote(link._meta.get_field(subject).column)
        yield (
            f"SELECT theirs.{essay_id} AS essay_id FROM {table} ours "
            f"JOIN {table} theirs ON theirs.{subject_id} = ours.{subject_id} "
            f"WHERE ours.{essay_id} = %s"
        )


def related_essays(essays, article, limit):
    """Up to ``limit`` of ``essays`` (a QuerySet, whose filters, related loading and database
    apply) sharing a subject with ``article``, best first, each with ``shared`` set."""
    model, connection = essays.model, connections[essays.db]
    quote = connection.ops.quote_name
    candidates = essays.exclude(pk=article.pk).order_by().values("pk").query
    candidates, params = candidates.get_compiler(using=essays.db).as_sql()
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    published = quote(model._meta.get_field("publish_at").column)
    links = " UNION ALL ".join(_subject_links(model, quote))
    sql = (
        f"SELECT essay.{pk}, shares.shared FROM {table} essay "
        f"JOIN (SELECT essay_id, COUNT(*) AS shared FROM ({links}) links GROUP BY essay_id) "
        f"shares ON shares.essay_id = essay.{pk} WHERE essay.{pk} IN ({candidates}) "
        f"ORDER BY shares.shared DESC, essay.{published} DESC, essay.{pk} DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [article.pk, article.pk, *params, limit])
        ranked = cursor.fetchall()
    found = essays.in_bulk([essay_id for essay_id, _ in ranked])
    related = []
    for essay_id, shared in ranked:
        if (essay := found.get(essay_id)) is not None:  # None: unpublished in between
            essay.shared = shared
            related.append(essay)
    return related
