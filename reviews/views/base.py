"""What every reading page shares: the published essays, and one mixin for metadata, breadcrumbs,
structured data and forgiving pagination."""

from django.urls import reverse

from reviews import structured_data
from reviews.metadata import PageMeta, absolute_url
from reviews.models import Article


def essays():
    """Published essays with what a list of them shows."""
    return Article.objects.published().for_listing()


class ReadingMixin:
    """What every reading page shares: forgiving pagination and the metadata in its head —
    title, description, social card, canonical address, breadcrumbs and JSON-LD.

    A page describes itself by overriding ``get_meta()`` (keyword arguments for
    :class:`~reviews.metadata.PageMeta`), ``get_breadcrumbs()`` (``(name, path)`` pairs after
    Home) and ``get_structured_data()`` (schema.org nodes).
    """

    paginate_by = 12

    def paginate_queryset(self, queryset, page_size):
        # ?page=abc or ?page=999 shows the nearest real page: old links and typos are not errors.
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_meta(self):
        return {}

    def get_breadcrumbs(self):
        return []

    def get_structured_data(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        meta = self.get_meta()
        canonical = self.request.path
        if page and page.number > 1:
            canonical += f"?page={page.number}"
            meta["title"] = f"{meta.get('title') or 'Latest essays'}, page {page.number}"
        crumbs = self.get_breadcrumbs()
        crumbs = [("Home", reverse("reviews:home")), *crumbs] if crumbs else []
        context["meta"] = PageMeta(canonical=absolute_url(canonical), **meta)
        context["breadcrumbs"] = crumbs
        context["structured_data"] = structured_data.graph(
            *self.get_structured_data(), structured_data.breadcrumbs(crumbs)
        )
        return context
