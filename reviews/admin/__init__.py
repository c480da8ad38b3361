"""The writing desk: essays, and the films, people, series and tags they are about.

Importing the modules registers their admins with the default site.
"""

from reviews.admin import authors, catalogue, essays

__all__ = ["authors", "catalogue", "essays"]
