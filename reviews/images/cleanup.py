"""Deleting what nothing needs: renditions of replaced images and crops, and replaced originals."""

import posixpath
import re

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS
from django.dispatch import receiver

from reviews.images.fields import CleanImageField, image_released
from reviews.images.renditions import RENDITIONS_FOLDER, renditions_for


def image_fields():
    """Every (model, field) pair that stores cleaned images."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, CleanImageField)
    ]


def stored_renditions(storage, name):
    """The rendition files in ``storage`` cut from the image ``name``, at any width or crop."""
    folder, filename = posixpath.split(name)
    stem = posixpath.splitext(filename)[0]
    pattern = re.compile(rf"{re.escape(stem)}(?:-crop-\d+-\d+-\d+x\d+)?-\d+w\.[a-z]+")
    directory = posixpath.join(RENDITIONS_FOLDER, folder)
    try:
        files = storage.listdir(directory)[1]
    except FileNotFoundError:
        return []
    return [posixpath.join(directory, file) for file in files if pattern.fullmatch(file)]


def _all_stored_renditions(storage, folder=RENDITIONS_FOLDER):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield from (posixpath.join(folder, file) for file in files)
    for child in folders:
        yield from _all_stored_renditions(storage, posixpath.join(folder, child))


def _holders(storage, name, using):
    """The stored images (field files) of every object that uses the file ``name``."""
    return [
        getattr(obj, field.attname)
        for model, field in image_fields()
        if field.storage is storage
        for obj in model._base_manager.using(using).filter(**{field.name: name})
    ]


def _kept_for_history(name, using):
    # An essay's saved versions name their hero image; restoring one puts the file back in use.
    revisions = apps.get_model("reviews", "ArticleRevision")._default_manager
    return revisions.using(using).naming_hero_image(name).exists()


def discard_unused(storage, name, *, using=DEFAULT_DB_ALIAS):
    """Delete the renditions of the stored image ``name`` that no object needs at its present
    crop, and ``name`` itself once nothing refers to it. Meant to run after a commit, when the
    database says what is still in use; a file two objects share stays while either has it.
    Returns the names deleted."""
    holders = _holders(storage, name, using)
    wanted = {r.name for fieldfile in holders for r in renditions_for(fieldfile) or ()}
    unused = [r for r in stored_renditions(storage, name) if r not in wanted]
    if not holders and not _kept_for_history(name, using) and storage.exists(name):
        unused.append(name)
    for unused_name in unused:
        storage.delete(unused_name)
    return unused


def prune_renditions(*, using=DEFAULT_DB_ALIAS):
    """Delete every rendition file no stored image needs at its present size and crop: widths
    no longer configured, crops since changed, images since replaced. Returns the names."""
    wanted, storages = set(), {}
    for model, field in image_fields():
        storages[id(field.storage)] = field.storage
        names = [field.attname, field.width_field, field.height_field, *field._setting_names()]
        rows = model._base_manager.using(using).exclude(**{field.name: ""})
        for obj in rows.only(*filter(None, names)).iterator():
            wanted.update(r.name for r in renditions_for(getattr(obj, field.attname)) or ())
    pruned = []
    for storage in storages.values():
        for name in list(_all_stored_renditions(storage)):
            if name not in wanted:
                storage.delete(name)
                pruned.append(name)
    return pruned


@receiver(image_released)
def _discard_released(sender, *, storage, name, using, **kwargs):
    discard_unused(storage, name, using=using)
