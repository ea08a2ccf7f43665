//! Property tests of the playbook and finding readers (the fuzz targets
//! `playbook_validate` and `finding_facts` run the same with libFuzzer).
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "\\PC{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("detail".to_string()),
                    Just("resource".to_string()),
                    Just("type".to_string()),
                    Just("accessKeyDetails".to_string()),
                    Just("instanceDetails".to_string()),
                    "[a-zA-Z]{1,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    /// Any text as a playbook: no panic; a rejection carries at least one diagnostic.
    #[test]
    fn any_text_validates_without_panic(text in "(\\PC{0,20}\n){0,8}") {
        if let Err(d) = cordon_playbook::validate("p.yaml", &text, &[]) {
            prop_assert!(!d.is_empty());
        }
    }

    /// Any JSON as a finding: no panic.
    #[test]
    fn any_json_gives_facts_or_an_error(doc in json()) {
        let _ = cordon_playbook::finding::facts(&doc);
    }
}
