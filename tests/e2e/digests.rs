//! Log file integrity: digests signed with a key the test generates, stored in the
//! emulator's S3 with the signature in object metadata as CloudTrail does; CloudTrail's
//! ListPublicKeys (not served by the emulator) is mocked. Valid first, then tampered.

use aws_lc_rs::signature::KeyPair as _;
use aws_sdk_cloudtrail::operation::list_public_keys::ListPublicKeysOutput;
use aws_sdk_cloudtrail::types::PublicKey;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use cordon_timeline::Filter;
use cordon_timeline::digest::{DigestReport, signing_string, verify_digests};
use cordon_timeline::parse::Limits;
use cordon_timeline::s3_archive::ArchiveSource;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::helpers::*;
use crate::timeline::{ct_record, gzip, log_key};

const ACCOUNT: &str = "111122223333";

fn digest_key(stamp: &str) -> String {
    format!(
        "trail/AWSLogs/{ACCOUNT}/CloudTrail-Digest/us-east-1/2026/11/29/{ACCOUNT}_CloudTrail-Digest_us-east-1_t_us-east-1_{stamp}.json.gz"
    )
}

struct Signer {
    key: aws_lc_rs::rsa::KeyPair,
}

impl Signer {
    fn sign(&self, msg: &[u8]) -> String {
        let mut sig = vec![0; self.key.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        self.key.sign(&aws_lc_rs::signature::RSA_PKCS1_SHA256, &rng, msg, &mut sig).unwrap();
        hex::encode(sig)
    }
}

struct Trail {
    s3: aws_sdk_s3::Client,
    bucket: String,
    signer: Signer,
}

impl Trail {
    async fn put(&self, key: &str, body: Vec<u8>, signature: Option<&str>) {
        let mut req = self.s3.put_object().bucket(&self.bucket).key(key).body(body.into());
        if let Some(s) = signature {
            req = req.metadata("signature", s).metadata("signature-algorithm", "SHA256withRSA");
        }
        req.send().await.unwrap();
    }

    /// Writes a log file; returns its key and the SHA-256 of its decompressed content.
    async fn log(&self, stamp: &str, n: u32, event_id: &str) -> (String, String) {
        let content =
            json!({"Records": [ct_record(event_id, "2026-11-29T10:01:00Z", "CreateUser", "mallory")]}).to_string();
        let key = log_key("us-east-1", stamp, n);
        self.put(&key, gzip(content.as_bytes()), None).await;
        (key, hex::encode(Sha256::digest(content.as_bytes())))
    }

    /// Writes a signed digest; returns its signature.
    async fn digest(
        &self,
        stamp: &str,
        start: &str,
        end: &str,
        logs: &[(String, String)],
        previous: Option<(&str, &str)>,
    ) -> String {
        let key = digest_key(stamp);
        let doc = json!({
            "awsAccountId": ACCOUNT, "digestStartTime": start, "digestEndTime": end,
            "digestS3Bucket": self.bucket, "digestS3Object": key,
            "digestPublicKeyFingerprint": "0123abcd", "digestSignatureAlgorithm": "SHA256withRSA",
            "previousDigestS3Bucket": previous.map(|_| self.bucket.clone()),
            "previousDigestS3Object": previous.map(|p| p.0),
            "previousDigestSignature": previous.map(|p| p.1),
            "logFiles": logs.iter().map(|(k, h)| json!({"s3Bucket": self.bucket, "s3Object": k, "hashValue": h, "hashAlgorithm": "SHA-256"})).collect::<Vec<_>>()
        })
        .to_string();
        let parsed: cordon_timeline::digest::DigestFile = serde_json::from_str(&doc).unwrap();
        let sig = self.signer.sign(signing_string(&parsed, &hex::encode(Sha256::digest(doc.as_bytes()))).as_bytes());
        self.put(&key, gzip(doc.as_bytes()), Some(&sig)).await;
        sig
    }
}

async fn check(trail: &Trail, public_der: Vec<u8>) -> DigestReport {
    let keys = mock!(aws_sdk_cloudtrail::Client::list_public_keys).then_output(move || {
        ListPublicKeysOutput::builder()
            .public_key_list(PublicKey::builder().fingerprint("0123ABCD").value(public_der.clone().into()).build())
            .build()
    });
    let ct = mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&keys]);
    let src = ArchiveSource {
        bucket: trail.bucket.clone(),
        prefix: "trail/".into(),
        accounts: vec![],
        regions: vec!["us-east-1".into()],
        concurrency: 4,
    };
    let ms = |s: &str| s.parse::<jiff::Timestamp>().ok().map(|t| t.as_millisecond());
    let filter =
        Filter { start_ms: ms("2026-11-29T10:00:00Z"), end_ms: ms("2026-11-29T10:59:59Z"), ..Filter::default() };
    let mut told: Vec<(String, u64, u64)> = Vec::new();
    let report = verify_digests(&trail.s3, &ct, &src, &filter, Limits::default(), &mut |what, done, total| {
        told.push((what.to_string(), done, total))
    })
    .await
    .unwrap();
    // Progress counts every digest and every log file it lists, one by one, to the end.
    let digests: Vec<_> = told.iter().filter(|t| t.0 == "digest files").map(|t| (t.1, t.2)).collect();
    let logs: Vec<_> = told.iter().filter(|t| t.0 == "log files").map(|t| (t.1, t.2)).collect();
    let listed = report.log_files.iter().filter(|l| l.status != "unsigned").count() as u64;
    assert_eq!(
        digests,
        (1..=report.digests.len() as u64).map(|n| (n, report.digests.len() as u64)).collect::<Vec<_>>()
    );
    assert_eq!(logs, (1..=listed).map(|n| (n, listed)).collect::<Vec<_>>());
    report
}

fn status<'a>(r: &'a DigestReport, key: &str) -> &'a str {
    r.log_files.iter().find(|l| l.key == key).map(|l| l.status.as_str()).unwrap_or("absent")
}

#[tokio::test]
async fn signed_digests_verify_and_every_kind_of_tampering_is_named() {
    let Some(emu) = emulator() else { return };
    let (trail, public) = fresh_trail(&emu, "digest").await;
    let s3 = trail.s3.clone();
    let l1 = trail.log("20261129T1005Z", 1, "e1").await;
    let l2 = trail.log("20261129T1020Z", 2, "e2").await;
    let l3 = trail.log("20261129T1110Z", 3, "e3").await;
    let s1 = trail
        .digest("20261129T110000Z", "2026-11-29T10:00:00Z", "2026-11-29T11:00:00Z", &[l1.clone(), l2.clone()], None)
        .await;
    let d1 = digest_key("20261129T110000Z");
    trail
        .digest(
            "20261129T120000Z",
            "2026-11-29T11:00:00Z",
            "2026-11-29T12:00:00Z",
            std::slice::from_ref(&l3),
            Some((&d1, &s1)),
        )
        .await;

    let r = check(&trail, public.clone()).await;
    assert!(r.ok, "{r:#?}");
    assert_eq!(
        r.digests.iter().map(|d| (d.status.as_str(), d.chain.as_str())).collect::<Vec<_>>(),
        [("valid", "first"), ("valid", "linked")]
    );
    assert_eq!(r.log_files.len(), 3);

    // Tamper: a log file changed, one deleted, one slipped in, and the first digest re-signed
    // by someone else (which also breaks the chain to the second).
    trail.put(&l2.0, gzip(b"{\"Records\":[]}"), None).await;
    s3.delete_object().bucket(&trail.bucket).key(&l1.0).send().await.unwrap();
    let (sneaked, _) = trail.log("20261129T1030Z", 9, "forged").await;
    let forger = Signer { key: aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap() };
    let (real_signer, trail) = (trail.signer, Trail { signer: forger, s3: trail.s3, bucket: trail.bucket });
    trail
        .digest("20261129T110000Z", "2026-11-29T10:00:00Z", "2026-11-29T11:00:00Z", &[l1.clone(), l2.clone()], None)
        .await;
    drop(real_signer);

    let r = check(&trail, public).await;
    assert!(!r.ok);
    assert_eq!(status(&r, &l1.0), "missing", "{r:#?}");
    assert_eq!(status(&r, &l2.0), "changed");
    assert_eq!(status(&r, &l3.0), "valid");
    assert_eq!(status(&r, &sneaked), "unsigned");
    assert_eq!(r.digests[0].status, "bad-signature");
    assert_eq!((r.digests[1].status.as_str(), r.digests[1].chain.as_str()), ("valid", "broken"));
}

async fn fresh_trail(emu: &cordon_testenv::emulator::EmulatorState, what: &str) -> (Trail, Vec<u8>) {
    let label = unique(what);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let trail = Trail {
        s3: aws.s3.clone(),
        bucket: format!("digests-{}", label.to_lowercase()),
        signer: Signer { key: aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap() },
    };
    aws.s3.create_bucket().bucket(&trail.bucket).send().await.unwrap();
    let public = trail.signer.key.public_key().as_ref().to_vec();
    (trail, public)
}

fn chains(r: &DigestReport) -> Vec<(&str, &str)> {
    r.digests.iter().map(|d| (d.status.as_str(), d.chain.as_str())).collect()
}

/// The holes a chain check must not miss: the digest before the window anchors the first
/// (and a forged one there breaks it); a digest deleted in the middle breaks the chain
/// (it is not a new start); a digest read from another key than it names is a replay;
/// an hour no digest covers, or a chain starting again inside the window, is a gap.
#[tokio::test]
async fn digest_chains_have_no_holes() {
    let Some(emu) = emulator() else { return };

    // The digest before the window anchors the window's first.
    let (trail, public) = fresh_trail(&emu, "dg-anchor").await;
    let s0 = trail.digest("20261129T090000Z", "2026-11-29T08:00:00Z", "2026-11-29T09:00:00Z", &[], None).await;
    let d0 = digest_key("20261129T090000Z");
    let s1 =
        trail.digest("20261129T100000Z", "2026-11-29T09:00:00Z", "2026-11-29T10:00:00Z", &[], Some((&d0, &s0))).await;
    let d1 = digest_key("20261129T100000Z");
    trail.digest("20261129T110000Z", "2026-11-29T10:00:00Z", "2026-11-29T11:00:00Z", &[], Some((&d1, &s1))).await;
    let r = check(&trail, public.clone()).await;
    assert!(r.ok, "{r:#?}");
    assert_eq!(chains(&r), [("valid", "linked"), ("valid", "linked")], "{r:#?}");
    // A forged digest put in place of the one before the window: the anchor fails.
    let forger = Signer { key: aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap() };
    let forged = Trail { signer: forger, s3: trail.s3.clone(), bucket: trail.bucket.clone() };
    forged.digest("20261129T090000Z", "2026-11-29T08:00:00Z", "2026-11-29T09:00:00Z", &[], None).await;
    let r = check(&trail, public).await;
    assert!(!r.ok);
    assert_eq!(chains(&r)[0], ("valid", "broken"), "{r:#?}");

    // A digest deleted in the middle of the window breaks the chain.
    let (trail, public) = fresh_trail(&emu, "dg-middle").await;
    let s1 = trail.digest("20261129T101000Z", "2026-11-29T10:00:00Z", "2026-11-29T10:10:00Z", &[], None).await;
    let d1 = digest_key("20261129T101000Z");
    let s2 =
        trail.digest("20261129T102000Z", "2026-11-29T10:10:00Z", "2026-11-29T10:20:00Z", &[], Some((&d1, &s1))).await;
    let d2 = digest_key("20261129T102000Z");
    trail.digest("20261129T103000Z", "2026-11-29T10:20:00Z", "2026-11-29T10:30:00Z", &[], Some((&d2, &s2))).await;
    assert!(check(&trail, public.clone()).await.ok);
    trail.s3.delete_object().bucket(&trail.bucket).key(&d2).send().await.unwrap();
    let r = check(&trail, public.clone()).await;
    assert!(!r.ok);
    assert_eq!(chains(&r), [("valid", "first"), ("valid", "broken")], "{r:#?}");
    assert!(r.digests[1].detail.as_deref().is_some_and(|d| d.contains("missing")), "{r:#?}");

    // A signed digest copied to another key (to stand in for a deleted one) is a replay.
    let copy = digest_key("20261129T102000Z");
    let body = trail.s3.get_object().bucket(&trail.bucket).key(digest_key("20261129T101000Z")).send().await.unwrap();
    let sig = body.metadata().and_then(|m| m.get("signature")).cloned();
    let bytes = body.body.collect().await.unwrap().into_bytes().to_vec();
    trail.put(&copy, bytes, sig.as_deref()).await;
    let r = check(&trail, public.clone()).await;
    assert!(!r.ok);
    assert!(r.digests.iter().any(|d| d.key == copy && d.status == "misplaced"), "{r:#?}");

    // An hour no digest covers between two linked digests, and a chain starting again.
    let (trail, public) = fresh_trail(&emu, "dg-gap").await;
    let s1 = trail.digest("20261129T101000Z", "2026-11-29T10:00:00Z", "2026-11-29T10:10:00Z", &[], None).await;
    let d1 = digest_key("20261129T101000Z");
    trail.digest("20261129T104000Z", "2026-11-29T10:30:00Z", "2026-11-29T10:40:00Z", &[], Some((&d1, &s1))).await;
    trail.digest("20261129T105500Z", "2026-11-29T10:50:00Z", "2026-11-29T10:55:00Z", &[], None).await;
    let r = check(&trail, public).await;
    assert!(!r.ok, "{r:#?}");
    let gaps: Vec<(&str, &str)> = r.gaps.iter().map(|g| (g.from.as_str(), g.to.as_str())).collect();
    assert_eq!(
        gaps,
        [("2026-11-29T10:10:00Z", "2026-11-29T10:30:00Z"), ("2026-11-29T10:40:00Z", "2026-11-29T10:50:00Z")],
        "{r:#?}"
    );
}
