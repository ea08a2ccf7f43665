"""The SSM agent's side of Run Command, for Cordon's tests (installed into moto by
crates/testenv/src/emulator.rs; never part of Cordon itself).

moto accepts SendCommand but runs nothing, lists no managed instances and reports every
invocation a success with no output. Cordon's tests play the agent instead: they read the
command Cordon sent (ListCommands), check it, and upload what the real command would (its
artifacts, and its standard output to the command's S3 output location, as the agent does).
This module makes the emulator report that back the way Systems Manager does:

- DescribeInstanceInformation: an EC2 instance with an instance profile is managed (its
  agent registered); the agent is Online while the instance runs and ConnectionLost
  otherwise; PlatformType is Windows for Windows instances, Linux for the others.
- GetCommandInvocation: a command sent with an S3 output location is InProgress until the
  harness writes `<prefix>/<command id>/<instance id>/<plugin>/stdout`; then Success with
  that output (the first 24,000 characters, as SSM returns), or Failed when a non-empty
  `stderr` lies beside it; TimedOut once the command's timeout has passed with no output;
  Cancelled after CancelCommand.
- CancelCommand.
"""

from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import utcnow

OUTPUT_LIMIT = 24000


def _managed(ec2: Any, instance: Any) -> bool:
    return bool(ec2.iam_instance_profile_associations.get(instance.id) or instance.iam_instance_profile)


def describe_instance_information(self: Any) -> ActionResult:
    from moto.ec2 import ec2_backends

    ec2 = ec2_backends[self.current_account][self.region]
    wanted: set = set()
    for f in self._get_param("Filters") or []:
        if f.get("Key") == "InstanceIds":
            wanted.update(f.get("Values") or [])
    for f in self._get_param("InstanceInformationFilterList") or []:
        if f.get("key") == "InstanceIds":
            wanted.update(f.get("valueSet") or [])
    found = []
    for instance in ec2.all_instances():
        if wanted and instance.id not in wanted:
            continue
        if not _managed(ec2, instance) or instance.state == "terminated":
            continue
        windows = (instance.platform or "").lower() == "windows"
        found.append(
            {
                "InstanceId": instance.id,
                "PingStatus": "Online" if instance.state == "running" else "ConnectionLost",
                "LastPingDateTime": utcnow().timestamp(),
                "AgentVersion": "3.3.0.0",
                "PlatformType": "Windows" if windows else "Linux",
                "PlatformName": "Microsoft Windows Server 2022 Datacenter" if windows else "Amazon Linux",
                "ResourceType": "EC2Instance",
                "IPAddress": getattr(instance, "private_ip", None) or "",
            }
        )
    return ActionResult({"InstanceInformationList": found})


def cancel_command(self: Any) -> ActionResult:
    command = self.ssm_backend.get_command_by_id(self._get_param("CommandId"))
    command.cordon_cancelled = True
    return ActionResult({})


def _outputs(command: Any, instance_id: str) -> tuple:
    from moto.s3.models import s3_backends

    try:
        bucket = s3_backends[command.account_id]["aws"].get_bucket(command.output_s3_bucket_name)
    except Exception:
        return None, None
    prefix = "/".join(
        p for p in [command.output_s3_key_prefix.strip("/"), command.command_id, instance_id] if p
    ) + "/"
    stdout = stderr = None
    for key in list(bucket.keys.keys()):
        if not key.startswith(prefix):
            continue
        value = bucket.keys.get(key)
        if value is None:
            continue
        if key.endswith("/stdout"):
            stdout = value.value.decode("utf-8", "replace")
        elif key.endswith("/stderr"):
            stderr = value.value.decode("utf-8", "replace")
    return stdout, stderr


def agent_reply(command: Any, invocation: dict) -> dict:
    if getattr(command, "cordon_cancelled", False):
        return dict(invocation, Status="Cancelled", StatusDetails="Cancelled", ResponseCode=-1)
    if not command.output_s3_bucket_name:
        return invocation
    stdout, stderr = _outputs(command, invocation["InstanceId"])
    if stdout is None:
        if utcnow() > command.expires_after:
            return dict(invocation, Status="TimedOut", StatusDetails="ExecutionTimedOut", ResponseCode=-1)
        return dict(invocation, Status="InProgress", StatusDetails="InProgress", ResponseCode=-1)
    failed = bool(stderr)
    return dict(
        invocation,
        Status="Failed" if failed else "Success",
        StatusDetails="Failed" if failed else "Success",
        ResponseCode=1 if failed else 0,
        StandardOutputContent=stdout[:OUTPUT_LIMIT],
        StandardErrorContent=(stderr or "")[:8000],
    )
