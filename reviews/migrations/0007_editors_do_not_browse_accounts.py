from django.db import migrations

# Editors picked bylines by browsing every account, email addresses included. They now pick
# them through the essay form's author search (accounts.admin.UserAdmin allows that alone).


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="accounts", codename="view_user")
        )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="accounts", codename="view_user")
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0006_comment_count")]

    operations = [migrations.RunPython(revoke, grant)]
