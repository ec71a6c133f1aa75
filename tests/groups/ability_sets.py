"""The ability sets the groups tests expect, written once (test_groups_abilities and test_groups_api share them)."""

#: Every group ability, in the order of ``groups.abilities.get_group_abilities``.
ABILITIES = (
    "view",
    "view_members",
    "view_emails",
    "view_bookmarks",
    "add_bookmark",
    "favourite",
    "join",
    "request",
    "cancel_request",
    "leave",
    "update",
    "update_settings",
    "delete",
    "administer",
    "manage_members",
    "set_roles",
    "broadcast",
    "import_members",
    "export_members",
)
VIEWER = {"view", "view_members", "favourite"}
MEMBER = VIEWER | {"view_emails", "view_bookmarks", "add_bookmark", "leave"}
ANIMATOR = MEMBER | {"update", "manage_members", "broadcast"}
ADMIN = ANIMATOR | {"update_settings", "delete", "administer", "set_roles", "import_members", "export_members"}
#: An admin of a structure (or of an ancestor) in that structure's automatic group; a global admin there too.
STRUCTURE_MANAGER = (MEMBER - {"leave"}) | {"update", "administer", "broadcast", "export_members"}
