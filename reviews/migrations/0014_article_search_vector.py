import django.contrib.postgres.search
from django.db import migrations

from reviews.models.search_vector import refresh

INDEX = "reviews_article_search_vector_gin"


def on_postgresql(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


def fill_search_vectors(apps, schema_editor):
    if on_postgresql(schema_editor):
        refresh(apps.get_model("reviews", "Article").objects.using(schema_editor.connection.alias))


def create_gin_index(apps, schema_editor):
    if on_postgresql(schema_editor):
        schema_editor.execute(f"CREATE INDEX {INDEX} ON reviews_article USING gin (search_vector)")


def drop_gin_index(apps, schema_editor):
    if on_postgresql(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    """Essay search matches a stored vector instead of computing every essay's at query time
    (see reviews.models.search_vector).

    The GIN index is created here rather than declared in the model's Meta: SQLite cannot create
    a GIN index, and it rebuilds a table (indexes included) whenever a column changes, so an
    index in the model's state would break later migrations there. On SQLite the column is
    simply left empty."""

    dependencies = [("reviews", "0013_author_profiles")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
