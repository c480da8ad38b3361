"""The essay workflow: draft → submitted for review → scheduled or published, and back to draft.

Each step is a method of :class:`~reviews.models.Article` (mixed in from here) and the only way
any caller — the admin's buttons and bulk actions, the preview, the WordPress importer, a
management command — moves an essay along::

    essay.submit_for_review(by=contributor)
    essay.publish(by=editor)                       # public now
    essay.publish(by=editor, at=next_friday)       # a future time schedules it
    essay.publish(by=None, at=first_published)     # a past time back-dates it (an import)
    essay.return_to_draft(by=editor)

``by`` is the person acting; ``None`` stands for the site itself (a management command), which
may do anything. Each step checks the permission (``PermissionDenied``) and the publishing rules
(``ValidationError``: hero image without alt text, a pull quote that is not in the body, a
schedule in the past), saves, and keeps a revision.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.models.history import ArticleRevision
from reviews.signals import essay_submitted

PUBLISH_PERMISSION = "reviews.publish_article"
# What only editors may change; the admin shows it read-only to everyone else, and restoring an
# old version leaves it as it is.
EDITOR_ONLY_FIELDS = frozenset({"authors", "publish_at", "featured"})
# A schedule this close to now is taken as "now": the editor took a moment to press the button.
SCHEDULE_GRACE = timedelta(minutes=1)


class EssayWorkflow:
    """The workflow steps of an essay. Mixed into ``Article``, which defines ``Status``."""

    # Who may do what ------------------------------------------------------------------------

    @staticmethod
    def may_publish(user):
        """Whether ``user`` may schedule, publish and return essays to draft (``None``: the
        site itself)."""
        return user is None or user.has_perm(PUBLISH_PERMISSION)

    def may_edit(self, user):
        """Editors edit every essay; contributors their own, until it is scheduled or
        published."""
        if self.may_publish(user):
            return True
        if not user.has_perm("reviews.change_article"):
            return False
        is_author = self.pk is not None and self.authors.filter(pk=user.pk).exists()
        return is_author and self.status not in self.PUBLISHING

    def fields_locked_for(self, user):
        """Names of the fields ``user`` may not change on this essay."""
        return set() if self.may_publish(user) else set(EDITOR_ONLY_FIELDS)

    @classmethod
    def validate_schedule(cls, at):
        """Refuse a publication time that has already passed."""
        if at is None:
            raise ValidationError({"publish_at": "Choose when the scheduled essay goes public."})
        if at < timezone.now() - SCHEDULE_GRACE:
            raise ValidationError(
                {
                    "publish_at": "This time has already passed. Choose a later time to schedule "
                    "the essay, or publish it now."
                }
            )

    # The steps -------------------------------------------------------------------------------

    def submit_for_review(self, *, by):
        if not self.may_edit(by):
            raise PermissionDenied("Only the essay's authors and editors may submit it.")
        if self.status != self.Status.DRAFT:
            raise ValidationError("Only a draft can be submitted for review.")
        self.status = self.Status.REVIEW
        self._save_step(by)
        essay_submitted.send(sender=type(self), article=self, by=by)

    def publish(self, *, by, at=None):
        """Publish now, at a past moment ``at`` (back-dated), or schedule for a future ``at``."""
        if at is not None and at > timezone.now():
            return self.schedule(by=by, at=at)
        self._require_publisher(by)
        self.status = self.Status.PUBLISHED
        self.publish_at = at or timezone.now()
        self._save_step(by)

    def schedule(self, *, by, at):
        self._require_publisher(by)
        self.validate_schedule(at)
        self.status = self.Status.SCHEDULED
        self.publish_at = at
        self._save_step(by)

    def return_to_draft(self, *, by):
        if not (self.may_publish(by) or self.may_edit(by)):
            raise PermissionDenied("Only editors may take a published essay back to draft.")
        self.status = self.Status.DRAFT
        self._save_step(by)

    def record_revision(self, *, by=None, note=""):
        """Keep the essay's present state (relations included) as a revision, unless it is the
        same as the last one kept."""
        return ArticleRevision.record(self, user=by, note=note)

    def _require_publisher(self, user):
        if not self.may_publish(user):
            raise PermissionDenied("Only editors may schedule or publish an essay.")

    def _save_step(self, by):
        # The publishing rules (see Article.clean) hold at every status; checked here as well
        # so that no caller can publish an essay that breaks them. Field-level checks stay with
        # the forms: an imported post may have an empty body.
        self.clean()
        self.save(by=by)
