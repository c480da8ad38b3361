"""What the reviews app does when its models change: email editors of a submission, and keep
each essay's stored search vector in step with the text it is made of (the essay's own
fields, its subjects, their titles and names, and the credits of its works).

Saving with ``QuerySet.update()`` or ``bulk_create()`` sends no signal: code that writes text or
links that way calls ``Article.objects.….refresh_search_vectors()`` itself.
"""

from functools import partial

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from reviews import tasks
from reviews.models import Article, Credit, Person, Work
from reviews.models.search_vector import refresh_essays, stored_on
from reviews.signals import essay_submitted

# The fields of each model that an essay's search vector is made of.
SEARCHED = {Article: {"title", "dek", "body"}, Work: {"title", "original_title"}, Person: {"name"}}
SUBJECT_LINKS = {
    Article.subject_works.through: "subject_works",
    Article.subject_people.through: "subject_people",
}


@receiver(essay_submitted, dispatch_uid="reviews.email_editors_of_submission")
def email_editors_of_submission(sender, article, by=None, **kwargs):
    # After the commit, so the task finds the essay in its submitted state.
    transaction.on_commit(
        partial(tasks.notify_editors_of_submission.enqueue, article.pk, by.pk if by else None)
    )


def essays_about(instance):
    """The essays whose search text includes ``instance``'s (a work's title, a person's name)."""
    if isinstance(instance, Work):
        return Article.objects.about_work(instance)
    return Article.objects.filter(
        Q(subject_people=instance) | Q(subject_works__credits__person=instance)
    )


@receiver(post_save, sender=Article, dispatch_uid="reviews.refresh_saved_essay_vector")
def refresh_saved_essay_vector(sender, instance, using, update_fields=None, **kwargs):
    if update_fields is None or SEARCHED[Article] & set(update_fields):
        refresh_essays(Article, [instance.pk], using=using)


@receiver(pre_save, sender=Work, dispatch_uid="reviews.note_work_title_change")
@receiver(pre_save, sender=Person, dispatch_uid="reviews.note_person_name_change")
def note_searched_text_change(sender, instance, raw, using, update_fields=None, **kwargs):
    # A new work or person is in no essay yet; a save that leaves the title or name alone (a
    # portrait, a biography) need not rewrite the vectors of every essay about them.
    fields = sorted(SEARCHED[sender])
    instance._searched_text_changed = False
    if raw or instance._state.adding or not stored_on(using):
        return
    if update_fields is not None and not set(fields) & set(update_fields):
        return
    stored = sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()
    instance._searched_text_changed = stored != tuple(getattr(instance, f) for f in fields)


@receiver(post_save, sender=Work, dispatch_uid="reviews.refresh_vectors_after_work_title")
@receiver(post_save, sender=Person, dispatch_uid="reviews.refresh_vectors_after_person_name")
def refresh_vectors_after_text_change(sender, instance, **kwargs):
    if instance.__dict__.pop("_searched_text_changed", False):
        essays_about(instance).refresh_search_vectors()


@receiver(pre_delete, sender=Work, dispatch_uid="reviews.note_essays_about_deleted_work")
@receiver(pre_delete, sender=Person, dispatch_uid="reviews.note_essays_about_deleted_person")
def note_essays_about_deleted(sender, instance, using, **kwargs):
    # Once deleted, the links that lead to the essays are gone with it.
    if stored_on(using):
        instance._essays_about = list(essays_about(instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Work, dispatch_uid="reviews.refresh_vectors_after_work_deleted")
@receiver(post_delete, sender=Person, dispatch_uid="reviews.refresh_vectors_after_person_deleted")
def refresh_vectors_after_deletion(sender, instance, using, **kwargs):
    refresh_essays(Article, instance.__dict__.pop("_essays_about", None), using=using)


@receiver(post_save, sender=Credit, dispatch_uid="reviews.refresh_vectors_after_credit_saved")
@receiver(post_delete, sender=Credit, dispatch_uid="reviews.refresh_vectors_after_credit_gone")
def refresh_vectors_after_credit_change(sender, instance, **kwargs):
    Article.objects.filter(subject_works=instance.work_id).refresh_search_vectors()


def _essays_linked(sender, instance, reverse, pk_set):
    """The essays whose text a change to the links in ``sender`` touches; ``pk_set`` is None
    for a clear, which touches every link of ``instance``."""
    if sender is Credit:  # Work.people, whose links are credits: essays about the works
        if not reverse:
            return Article.objects.about_work(instance)
        if pk_set is None:
            return Article.objects.filter(subject_works__credits__person=instance)
        return Article.objects.filter(subject_works__in=pk_set)
    if not reverse:
        return Article.objects.filter(pk=instance.pk)
    if pk_set is None:
        return Article.objects.filter(**{SUBJECT_LINKS[sender]: instance})
    return Article.objects.filter(pk__in=pk_set)


@receiver(m2m_changed, sender=Credit, dispatch_uid="reviews.refresh_vectors_after_people_links")
@receiver(
    m2m_changed,
    sender=Article.subject_works.through,
    dispatch_uid="reviews.refresh_vectors_after_subject_works",
)
@receiver(
    m2m_changed,
    sender=Article.subject_people.through,
    dispatch_uid="reviews.refresh_vectors_after_subject_people",
)
def refresh_vectors_after_links_change(sender, instance, action, reverse, pk_set, using, **kwargs):
    if not stored_on(using):
        return
    if action == "pre_clear":
        # After the clear the links that lead to the essays are gone.
        essays = _essays_linked(sender, instance, reverse, None)
        instance._essays_before_clear = list(essays.values_list("pk", flat=True))
    elif action == "post_clear":
        keys = instance.__dict__.pop("_essays_before_clear", [])
        refresh_essays(Article, keys, using=using)
    elif action in ("post_add", "post_remove") and pk_set:
        if sender is Credit:
            _essays_linked(sender, instance, reverse, pk_set).refresh_search_vectors()
        else:  # an essay's subjects: the essays are known without asking
            refresh_essays(Article, pk_set if reverse else [instance.pk], using=using)
