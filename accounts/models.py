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


class SocialPicture(models.Model):
    """A social identity's picture, fetched once at login and served by this site, so that
    showing a thread never sends a reader's browser to a third party."""

    account = models.OneToOneField(
        "socialaccount.SocialAccount", on_delete=models.CASCADE, related_name="picture"
    )
    image = models.ImageField(upload_to="avatars/")
    source_url = models.URLField(max_length=1000, help_text="Where it was fetched from.")
    fetched_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Picture of {self.account}"


class MastodonServer(models.Model):
    """This site's app registration on one Mastodon server, made on first use."""

    domain = models.CharField(max_length=253, unique=True)
    client_id = models.CharField(max_length=200)
    client_secret = models.CharField(max_length=200)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    @property
    def base_url(self):
        return f"https://{self.domain}"
