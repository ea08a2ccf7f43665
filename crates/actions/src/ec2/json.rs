//! EC2 SDK types as stable JSON for evidence (the SDK types are not serializable).

use aws_sdk_ec2::types::{Instance, NetworkInterface, Tag, Volume};
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use serde_json::{Map, Value, json};

pub(crate) fn time(t: Option<&DateTime>) -> Value {
    t.and_then(|t| t.fmt(Format::DateTime).ok()).map(Value::String).unwrap_or(Value::Null)
}

fn tags(tags: &[Tag]) -> Value {
    Value::Object(tags.iter().filter_map(|t| Some((t.key()?.to_string(), json!(t.value())))).collect::<Map<_, _>>())
}

pub(crate) fn instance(i: &Instance) -> Value {
    json!({
        "instance_id": i.instance_id(),
        "instance_type": i.instance_type().map(|t| t.as_str()),
        "state": i.state().and_then(|s| s.name()).map(|n| n.as_str()),
        "launch_time": time(i.launch_time()),
        "image_id": i.image_id(),
        "key_name": i.key_name(),
        "vpc_id": i.vpc_id(),
        "subnet_id": i.subnet_id(),
        "availability_zone": i.placement().and_then(|p| p.availability_zone()),
        "private_ip_address": i.private_ip_address(),
        "private_dns_name": i.private_dns_name(),
        "public_ip_address": i.public_ip_address(),
        "public_dns_name": i.public_dns_name(),
        "iam_instance_profile": i.iam_instance_profile().map(|p| json!({"arn": p.arn(), "id": p.id()})),
        "root_device_name": i.root_device_name(),
        "root_device_type": i.root_device_type().map(|t| t.as_str()),
        "platform_details": i.platform_details(),
        "architecture": i.architecture().map(|a| a.as_str()),
        "metadata_options": i.metadata_options().map(|m| json!({
            "http_tokens": m.http_tokens().map(|t| t.as_str()),
            "http_endpoint": m.http_endpoint().map(|t| t.as_str()),
            "http_put_response_hop_limit": m.http_put_response_hop_limit(),
        })),
        "security_groups": i.security_groups().iter().map(|g| json!({"group_id": g.group_id(), "group_name": g.group_name()})).collect::<Vec<_>>(),
        "block_device_mappings": i.block_device_mappings().iter().map(|b| json!({
            "device_name": b.device_name(),
            "volume_id": b.ebs().and_then(|e| e.volume_id()),
            "delete_on_termination": b.ebs().and_then(|e| e.delete_on_termination()),
            "attach_time": time(b.ebs().and_then(|e| e.attach_time())),
        })).collect::<Vec<_>>(),
        "network_interfaces": i.network_interfaces().iter().map(|n| json!({
            "network_interface_id": n.network_interface_id(),
            "device_index": n.attachment().and_then(|a| a.device_index()),
            "private_ip_address": n.private_ip_address(),
            "mac_address": n.mac_address(),
            "groups": n.groups().iter().map(|g| g.group_id()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "tags": tags(i.tags()),
    })
}

pub(crate) fn interface(n: &NetworkInterface) -> Value {
    json!({
        "network_interface_id": n.network_interface_id(),
        "description": n.description(),
        "status": n.status().map(|s| s.as_str()),
        "interface_type": n.interface_type().map(|t| t.as_str()),
        "vpc_id": n.vpc_id(),
        "subnet_id": n.subnet_id(),
        "availability_zone": n.availability_zone(),
        "mac_address": n.mac_address(),
        "private_ip_addresses": n.private_ip_addresses().iter().map(|p| json!({
            "private_ip_address": p.private_ip_address(),
            "primary": p.primary(),
            "public_ip": p.association().and_then(|a| a.public_ip()),
        })).collect::<Vec<_>>(),
        "ipv6_addresses": n.ipv6_addresses().iter().map(|a| a.ipv6_address()).collect::<Vec<_>>(),
        "source_dest_check": n.source_dest_check(),
        "attachment": n.attachment().map(|a| json!({
            "attachment_id": a.attachment_id(),
            "instance_id": a.instance_id(),
            "device_index": a.device_index(),
            "attach_time": time(a.attach_time()),
            "delete_on_termination": a.delete_on_termination(),
        })),
        "groups": n.groups().iter().map(|g| json!({"group_id": g.group_id(), "group_name": g.group_name()})).collect::<Vec<_>>(),
        "tags": tags(n.tag_set()),
    })
}

pub(crate) fn volume(v: &Volume) -> Value {
    json!({
        "volume_id": v.volume_id(),
        "size_gib": v.size(),
        "volume_type": v.volume_type().map(|t| t.as_str()),
        "state": v.state().map(|s| s.as_str()),
        "encrypted": v.encrypted(),
        "kms_key_id": v.kms_key_id(),
        "snapshot_id": v.snapshot_id(),
        "availability_zone": v.availability_zone(),
        "create_time": time(v.create_time()),
        "attachments": v.attachments().iter().map(|a| json!({
            "instance_id": a.instance_id(),
            "device": a.device(),
            "state": a.state().map(|s| s.as_str()),
            "delete_on_termination": a.delete_on_termination(),
            "attach_time": time(a.attach_time()),
        })).collect::<Vec<_>>(),
        "tags": tags(v.tags()),
    })
}
