from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Search finds misspelt titles and names ("reichart", "licorice piza") by trigram
    similarity. On PostgreSQL that takes the pg_trgm extension (trusted since PostgreSQL 13, so
    the site's own database user may create it); the operation does nothing on other
    databases."""

    dependencies = [("reviews", "0008_wordpress_import")]

    operations = [TrigramExtension()]
