//! `findings.collect` on mocked GuardDuty and Security Hub clients (the emulator serves
//! neither GuardDuty's findings nor Security Hub's filters): what is stored is the API's
//! bytes, only for findings that name the case's resources.

use aws_sdk_guardduty::operation::list_detectors::ListDetectorsOutput;
use aws_sdk_guardduty::operation::list_findings::ListFindingsOutput;
use aws_sdk_securityhub::operation::get_findings::GetFindingsError;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;

use crate::*;

const OURS: &str = r#"{"schemaVersion":"2.0","id":"f-ours","type":"UnauthorizedAccess:EC2/TorClient","title":"Tor","severity":8.0,"createdAt":"2026-11-29T10:05:00.000Z","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0123456789abcdef0"}},"service":{"eventFirstSeen":"2026-11-29T10:00:00.000Z"}}"#;
const OTHER: &str = r#"{"schemaVersion":"2.0","id":"f-other","type":"Recon:EC2/Portscan","title":"Scan","severity":2.0,"createdAt":"2026-11-29T10:05:00.000Z","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0fedcba9876543210"}},"service":{}}"#;

#[tokio::test]
async fn guardduty_findings_are_stored_as_sent_and_a_disabled_security_hub_is_skipped() {
    use cordon_actions::CollectFindings;
    use cordon_actions::findings::collect::Params;
    let detectors = mock!(aws_sdk_guardduty::Client::list_detectors)
        .then_output(|| ListDetectorsOutput::builder().detector_ids("d1").build());
    let list = mock!(aws_sdk_guardduty::Client::list_findings)
        .match_requests(|r| {
            let c = r
                .finding_criteria()
                .and_then(|c| c.criterion())
                .and_then(|c| c.get("resource.instanceDetails.instanceId"));
            c.is_some_and(|c| c.equals() == ["i-0123456789abcdef0"])
        })
        .then_output(|| ListFindingsOutput::builder().finding_ids("f-ours").finding_ids("f-other").build());
    // The service over-matched: a finding about another instance comes back too.
    let get = mock!(aws_sdk_guardduty::Client::get_findings).then_http_response(|| {
        let body = format!("{{\"findings\":[{OURS},{OTHER}]}}");
        aws_smithy_runtime_api::http::Response::new(StatusCode::try_from(200).unwrap(), SdkBody::from(body))
    });
    let hub = mock!(aws_sdk_securityhub::Client::get_findings).then_error(|| {
        GetFindingsError::generic(
            ErrorMetadata::builder().code("InvalidAccessException").message("not subscribed").build(),
        )
    });
    let mut aws = aws();
    aws.guardduty = mock_client!(aws_sdk_guardduty, RuleMode::MatchAny, [&detectors, &list, &get]);
    aws.securityhub = mock_client!(aws_sdk_securityhub, RuleMode::MatchAny, [&hub]);
    let params: Params = serde_json::from_value(serde_json::json!({"resources": ["i-0123456789abcdef0"]})).unwrap();
    let kept = Kept::default();
    let (receipt, _) = try_execute_with(&CollectFindings, &aws, &params, vec![], vec![], &kept).await;
    let receipt = receipt.unwrap();
    assert_eq!(receipt.finding_ids, ["guardduty:f-ours"]);
    assert_eq!(receipt.securityhub, 0);
    assert!(
        receipt.skipped.iter().any(|s| s.starts_with("Security Hub") && s.contains("InvalidAccessException")),
        "{:?}",
        receipt.skipped
    );
    let stored = kept.data("guardduty-findings.jsonl");
    assert_eq!(stored, format!("{OURS}\n"), "the finding's bytes as GuardDuty sent them");
    assert_eq!(list.num_calls(), 1);
}
