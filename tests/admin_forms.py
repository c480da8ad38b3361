"""What the essay form in the admin posts, for tests that save essays the way editors do."""

from django.utils import timezone


def form_data(article, **overrides):
    moment = timezone.localtime(article.publish_at) if article.publish_at else None
    data = {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "excerpt": article.excerpt,
        "pull_quote": article.pull_quote,
        "hero_crop": article.hero_crop,
        "hero_focus_x": article.hero_focus_x,
        "hero_focus_y": article.hero_focus_y,
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "series": "",
        "series_position": "",
        "authors": [a.pk for a in article.authors.all()],
        "tags": [t.pk for t in article.tags.all()],
        "status": article.status,
        "publish_at_0": moment.strftime("%Y-%m-%d") if moment else "",
        "publish_at_1": moment.strftime("%H:%M:%S") if moment else "",
        "comments_open": "on",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def save_in_admin(client, article, **changes):
    response = client.post(
        f"/admin/reviews/article/{article.pk}/change/", form_data(article, **changes)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return response
