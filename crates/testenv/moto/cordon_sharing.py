"""Cordon's tests: CopySnapshot of a snapshot another account shared.

AWS lets an account copy a snapshot whose createVolumePermission names it (or `all`);
moto 5.1.22 looks the source up in the copying account only, and answers
InvalidSnapshot.NotFound. Installed beside moto's EC2 models by the project's emulator
tooling (`crates/testenv/src/emulator.rs`), hooked into `copy_snapshot`.
"""

from moto.ec2.exceptions import InvalidSnapshotIdError


def shared_source(backend, ec2_backends, snapshot_id, region):
    """The source snapshot of a copy made by `backend`'s account: its own, or one another
    account shared with it."""
    own = ec2_backends[backend.account_id][region]
    if snapshot_id in own.snapshots:
        return own.snapshots[snapshot_id]
    for account_id in list(ec2_backends.keys()):
        if account_id == backend.account_id:
            continue
        try:
            other = ec2_backends[account_id][region]
        except KeyError:
            continue
        snap = other.snapshots.get(snapshot_id)
        if snap is None:
            continue
        if backend.account_id in snap.create_volume_permission_userids or "all" in snap.create_volume_permission_groups:
            return snap
    raise InvalidSnapshotIdError()
