from django.db import migrations

# Spelled out rather than imported: a migration must keep meaning what it meant when written.
MODERATORS = "Moderators"
GRANTS = {
    "comment": [
        ("moderate_comment", "Can moderate comments"),
        ("view_comment", "Can view comment"),
        ("change_comment", "Can change comment"),
    ],
    "identityrule": [
        ("view_identityrule", "Can view identity rule"),
        ("add_identityrule", "Can add identity rule"),
        ("change_identityrule", "Can change identity rule"),
        ("delete_identityrule", "Can delete identity rule"),
    ],
    "moderationsettings": [
        ("view_moderationsettings", "Can view moderation settings"),
        ("change_moderationsettings", "Can change moderation settings"),
    ],
    "moderationaction": [("view_moderationaction", "Can view moderation action")],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations run; this one needs them now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    for model, perms in GRANTS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="comments", model=model)
        for codename, name in perms:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=MODERATORS).first()
    if group:
        codenames = [codename for perms in GRANTS.values() for codename, _ in perms]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("accounts", "0002_create_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
