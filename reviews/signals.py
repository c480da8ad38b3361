from django.dispatch import Signal

# An essay went from draft to "submitted for review". Sent with ``article`` and ``by`` (the
# user who submitted it, or None). Editors are emailed (reviews.receivers).
essay_submitted = Signal()
