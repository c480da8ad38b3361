from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    display_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="The name readers see on bylines and comments. Leave blank to use the full "
        "name, or the username when there is none.",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["username"]

    def __str__(self):
        return self.get_display_name()

    def get_display_name(self):
        return self.display_name or self.get_full_name() or self.username
