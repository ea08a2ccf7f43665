//! Any bytes (gzip or plain) as a CloudTrail digest: parsing never panics and never
//! inflates past its limit; what parses has a signing string.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((digest, content)) = cordon_timeline::digest_file::parse_digest(data, 1 << 20) {
        assert!(content.len() <= 1 << 20);
        let _ = cordon_timeline::digest_file::signing_string(&digest, "00");
    }
});
