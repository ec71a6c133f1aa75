"""Demo pool: three Nextcloud instances, and every demo person placed on the least-loaded one. Idempotent."""

from portal.users.federation import federation_host

from . import services
from .models import NextcloudInstance

DEMO_INSTANCES = ["https://nc1.exemple.fr", "https://nc2.exemple.fr", "https://nc3.exemple.fr"]


def seed(command):
    for url in DEMO_INSTANCES:
        if not NextcloudInstance.objects.filter(host=federation_host(url)).exists():
            NextcloudInstance.objects.create(url=url)
    services.recount_instances()
    services.assign_missing_instances()
