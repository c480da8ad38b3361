"""Signals the essay workflow sends, for other parts of the site to act on.

``essay_submitted``: a contributor (or an editor) submitted ``article`` for review; ``by`` is the
person who did. Sent after the essay is saved.
"""

from django.dispatch import Signal

essay_submitted = Signal()
