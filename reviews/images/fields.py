"""The form and model fields that check, clean and follow up every uploaded image."""

import logging
import posixpath

from django import forms
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import Signal

from reviews.images.checks import FORMATS, clean_image, inspect_image
from reviews.images.renditions import ensure_renditions

logger = logging.getLogger(__name__)

# Sent after commit with ``storage``, ``name`` and ``using`` when an object stops using a stored
# image (replaced, re-cropped or deleted). :mod:`reviews.images.cleanup` deletes the files that
# nothing needs any more; a signal keeps the field from importing the module that lists fields.
image_released = Signal()


class ImageUploadField(forms.FileField):
    """A file input that accepts only images :func:`inspect_image` passes."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(mime for _, mime in FORMATS.values())
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        upload.image_info = inspect_image(upload)
        return upload


class CleanImageField(models.ImageField):
    """An ImageField whose uploads are checked, stripped of metadata before storage, and given
    renditions once stored. Put ``width_field``/``height_field`` after it in the model so the
    stored (upright) dimensions are the ones saved.

    ``crop_field``, ``focus_x_field`` and ``focus_y_field`` name the model's fields (made with
    :func:`crop_field` and :func:`focus_field`) that hold the editor's crop; renditions and
    pages follow it. When the file or its crop changes, or its object is deleted, the files
    nothing needs any more are deleted after the transaction commits (:func:`discard_unused`).
    """

    CROP_OPTIONS = ("crop_field", "focus_x_field", "focus_y_field")

    def __init__(self, *args, crop_field=None, focus_x_field=None, focus_y_field=None, **kwargs):
        self.crop_field = crop_field
        self.focus_x_field = focus_x_field
        self.focus_y_field = focus_y_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for option in self.CROP_OPTIONS:
            if getattr(self, option):
                kwargs[option] = getattr(self, option)
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember_stored, sender=cls)
            post_save.connect(self._after_save, sender=cls)
            post_delete.connect(self._after_delete, sender=cls)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def pre_save(self, model_instance, add):
        if not add and self._stored(model_instance) is None:
            # Loaded without this field, or built by hand: ask the database what it holds.
            self._remember(model_instance, self._state_in_database(model_instance))
        file = getattr(model_instance, self.attname)
        fresh = bool(file) and not file._committed
        if fresh:
            content, info = clean_image(file.file)
            stem = posixpath.splitext(posixpath.basename(file.name))[0] or "image"
            # Named, so the dimensions Django reads back from it are the upright ones.
            file.name = content.name = f"{stem}.{info.extension}"
            file.file = content
        return super().pre_save(model_instance, add)

    # What the database holds for the image: (file name, crop, focus across, focus down). Each
    # instance remembers it from loading, so a save can tell what it replaced.

    def _setting_names(self):
        return [name for name in (getattr(self, option) for option in self.CROP_OPTIONS) if name]

    def _state(self, instance):
        names = [self.attname, *self._setting_names()]
        values = vars(instance)
        if any(name not in values for name in names):
            return None  # deferred
        file = values[self.attname]
        return (getattr(file, "name", file) or "", *(values[name] for name in names[1:]))

    def _state_in_database(self, instance):
        if instance.pk is None:
            return None
        rows = type(instance)._base_manager.using(instance._state.db or DEFAULT_DB_ALIAS)
        state = rows.filter(pk=instance.pk).values_list(self.attname, *self._setting_names())
        state = state.first()
        return (state[0] or "", *state[1:]) if state else None

    def _stored(self, instance):
        return vars(instance).get("_stored_images", {}).get(self.attname)

    def _remember(self, instance, state):
        vars(instance).setdefault("_stored_images", {})[self.attname] = state

    def _remember_stored(self, instance, **kwargs):
        self._remember(instance, self._state(instance))

    def _after_save(self, sender, instance, created, raw, using, update_fields, **kwargs):
        if raw:
            return  # loading a fixture: its files are whatever the fixture's author put there
        own = {self.attname, self.width_field, self.height_field, *self._setting_names()}
        if update_fields is not None and not own & set(update_fields):
            return
        before, now = self._stored(instance), self._state(instance)
        self._remember(instance, now)
        if not created and before == now:
            return
        fieldfile = getattr(instance, self.attname)
        try:
            ensure_renditions(fieldfile)
        except (OSError, ValueError) as error:
            # The object is saved; the page falls back to smaller copies it can find.
            logger.warning("Could not make renditions of %s: %s", fieldfile.name, error)
        if not created and before and before[0]:
            self._discard_on_commit(before[0], using)

    def _after_delete(self, sender, instance, using, **kwargs):
        state = self._stored(instance) or self._state(instance)
        if state and state[0]:
            self._discard_on_commit(state[0], using)

    def _discard_on_commit(self, name, using):
        storage = self.storage
        transaction.on_commit(
            lambda: image_released.send(
                sender=CleanImageField, storage=storage, name=name, using=using
            ),
            using=using,
            robust=True,
        )
