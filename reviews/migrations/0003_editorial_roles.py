from django.contrib.auth.management import create_permissions
from django.db import migrations

# Spelled out rather than imported: a migration must keep meaning what it meant when written.
EDITORS, CONTRIBUTORS, MODERATORS = "Editors", "Contributors", "Moderators"
ALL = ("add", "change", "delete", "view")

# Editors run the publication: they write, edit anyone's essay, publish and schedule, keep the
# catalogue of films and people, and pick bylines (hence seeing users).
# Contributors write and submit drafts for review; they may add a missing film or person but
# not change what others entered. Moderators keep to comments: nothing here.
GRANTS = {
    EDITORS: [
        *(
            ("reviews", f"{action}_{model}")
            for model in (
                "article",
                "articleimage",
                "articleslugredirect",
                "work",
                "credit",
                "person",
                "series",
                "tag",
            )
            for action in ALL
        ),
        ("reviews", "view_articlerevision"),
        ("reviews", "publish_article"),
        ("accounts", "view_user"),
    ],
    CONTRIBUTORS: [
        ("reviews", "add_article"),
        ("reviews", "change_article"),
        ("reviews", "view_article"),
        *(("reviews", f"{action}_articleimage") for action in ALL),
        ("reviews", "view_articlerevision"),
        *(
            ("reviews", f"{action}_{model}")
            for model in ("work", "credit", "person", "tag")
            for action in ("add", "view")
        ),
        ("reviews", "view_series"),
    ],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; these are needed now.
    for label in ("accounts", "reviews"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in grants:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        for app_label, codename in GRANTS[EDITORS]:
            editors.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
    Group.objects.filter(name=CONTRIBUTORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_images_history_redirects"),
        ("accounts", "0002_create_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
