from django.db import models


class ExternalIds(models.Model):
    """Identifiers in public film databases, shown as links and given to search engines as
    ``sameAs``."""

    wikidata_id = models.CharField(
        "Wikidata ID", max_length=20, blank=True, help_text="For example Q25089."
    )
    imdb_id = models.CharField("IMDb ID", max_length=20, blank=True, help_text="nm… or tt…")
    letterboxd_slug = models.CharField(
        "Letterboxd slug",
        max_length=100,
        blank=True,
        help_text="The last part of the Letterboxd address, e.g. paul-thomas-anderson.",
    )
    tmdb_id = models.CharField("TMDb ID", max_length=20, blank=True)

    class Meta:
        abstract = True

    letterboxd_kind = ""  # "director" / "film": set by the concrete model
    tmdb_kind = ""  # "person" / "movie"

    def same_as_urls(self):
        urls = []
        if self.wikidata_id:
            urls.append(f"https://www.wikidata.org/wiki/{self.wikidata_id}")
        if self.imdb_id:
            section = "name" if self.imdb_id.startswith("nm") else "title"
            urls.append(f"https://www.imdb.com/{section}/{self.imdb_id}/")
        if self.letterboxd_slug:
            urls.append(f"https://letterboxd.com/{self.letterboxd_kind}/{self.letterboxd_slug}/")
        if self.tmdb_id:
            urls.append(f"https://www.themoviedb.org/{self.tmdb_kind}/{self.tmdb_id}")
        return urls
