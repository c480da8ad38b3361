"""Moving a site from WordPress and back: ``manage.py import_wordpress`` and
``manage.py export_wordpress`` (in the comments app, which adds the comments)."""

# Rows per INSERT or UPDATE of the import's short rows (links, old addresses, terms): a modest
# statement for SQLite to keep prepared. (Comments, being long, go twenty at a time.)
INSERT_SIZE = 100
