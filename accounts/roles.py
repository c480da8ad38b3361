"""The site's roles. Each is a Group holding permissions; code checks ``has_perm``, never the
group name. Migrations create the groups and later apps add their permissions to them."""

EDITORS = "Editors"
CONTRIBUTORS = "Contributors"  # created by reviews' migrations
MODERATORS = "Moderators"
ROLES = (EDITORS, CONTRIBUTORS, MODERATORS)
