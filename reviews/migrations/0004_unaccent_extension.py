from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Search ignores accents ("cleo" finds "Cléo"). On PostgreSQL that takes the unaccent
    extension (trusted since PostgreSQL 13, so the site's own database user may create it);
    the operation does nothing on other databases."""

    dependencies = [("reviews", "0003_editorial_roles")]

    operations = [UnaccentExtension()]
