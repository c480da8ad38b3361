"""Moving a site from WordPress and back: ``manage.py import_wordpress`` and
``manage.py export_wordpress`` (in the comments app, which adds the comments)."""
