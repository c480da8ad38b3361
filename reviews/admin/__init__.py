"""The writing desk: essays, and the films, people, series and tags they are about.

Importing the modules registers their admins with the default site.
"""

from reviews.admin import catalogue, essays

__all__ = ["catalogue", "essays"]
