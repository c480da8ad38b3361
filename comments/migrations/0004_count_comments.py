from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_comments(apps, schema_editor):
    Article = apps.get_model("reviews", "Article")
    Comment = apps.get_model("comments", "Comment")
    counts = (
        Comment.objects.filter(article=OuterRef("pk"), status="approved", is_deleted=False)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Article.objects.update(
        comment_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_subscriptions"),
        ("reviews", "0006_comment_count"),
    ]

    operations = [migrations.RunPython(count_comments, migrations.RunPython.noop)]
