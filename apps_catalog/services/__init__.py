"""Every write of the catalogue and of the personal spaces. Views, the API, the admin, the tasks and other apps
call these; none re-implements a rule. Permission checks live in ``abilities``; functions taking an ``actor``
check them and raise PermissionDenied.

By concern: ``personal_space`` (favourites and the layout), ``default_spaces`` (structure default spaces and their
application), ``catalogue`` (services and their launch counters) and ``bookmarks`` (personal bookmarks). Import from
``apps_catalog.services``: the names below are its public interface.
"""

from .bookmarks import (
    ImportReport,
    create_bookmark,
    delete_bookmark,
    export_bookmarks,
    import_bookmarks,
    normalize_url,
    update_bookmark,
)
from .catalogue import (
    check_service_structure,
    create_category,
    create_service,
    delete_category,
    delete_service,
    launch_hour,
    purge_launch_buckets,
    record_launch,
    update_category,
    update_service,
)
from .default_spaces import (
    DEFAULT_SPACE_KINDS,
    apply_default_space,
    default_space_resolver,
    give_default_spaces,
    run_default_space_application,
    save_default_space,
    start_default_space_application,
    start_personal_spaces,
)
from .personal_space import (
    add_to_space,
    remove_from_all_spaces,
    remove_from_space,
    save_space,
)

__all__ = [
    "create_category",
    "update_category",
    "delete_category",
    "DEFAULT_SPACE_KINDS",
    "ImportReport",
    "add_to_space",
    "apply_default_space",
    "check_service_structure",
    "create_bookmark",
    "create_service",
    "default_space_resolver",
    "delete_bookmark",
    "delete_service",
    "export_bookmarks",
    "give_default_spaces",
    "import_bookmarks",
    "launch_hour",
    "normalize_url",
    "purge_launch_buckets",
    "record_launch",
    "remove_from_all_spaces",
    "remove_from_space",
    "run_default_space_application",
    "save_default_space",
    "save_space",
    "start_default_space_application",
    "start_personal_spaces",
    "update_bookmark",
    "update_service",
]
