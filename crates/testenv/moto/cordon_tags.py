"""Cordon's tests: one EC2 resource's tags, read by its id.

moto 5.1.22 reads a resource's tags (for every tag filter and every resource it
describes) by matching a compiled pattern against every tag of every resource in the
account and Region: a filtered Describe call costs resources x tags. Over the test suite
the emulator holds thousands of tagged snapshots, volumes and instances, and that scan was
half of the emulator's time. This answers the same list, in the same order and shape,
from the resource's own entry. Installed beside moto's EC2 models by the project's
emulator tooling (`crates/testenv/src/emulator.rs`), hooked into `TaggedEC2Resource.get_tags`.
"""

from moto.ec2.utils import EC2_PREFIX_TO_RESOURCE, get_prefix


def own_tags(backend, resource_id):
    """What `backend.describe_tags(filters={"resource-id": [resource_id]})` answers."""
    tags = backend.tags.get(resource_id) or {}
    kind = EC2_PREFIX_TO_RESOURCE.get(get_prefix(resource_id), "")
    return [
        {"resource_id": resource_id, "key": key, "value": value, "resource_type": kind}
        for key, value in list(tags.items())
    ]
