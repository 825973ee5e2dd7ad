//! OSCAL 1.1 export: the packs as a catalog, and an engagement's applicable controls with
//! their status in the wiki as assessment results (docs/adr/0007-oscal-assessment-results.md).
//!
//! Output is deterministic: UUIDs are derived from what they name (version-5 shaped, from
//! stable digests) and timestamps from the run's `--today`, so the same inputs give the
//! same bytes.

pub mod catalog;
pub mod results;

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::fingerprint::Fnv;

/// The OSCAL version the documents follow.
pub const OSCAL_VERSION: &str = "1.1.2";

/// Namespace of charter's own properties.
pub const NS: &str = concat!(env!("CARGO_PKG_HOMEPAGE"), "/ns/oscal");

/// A UUID (version-5 layout) derived from `parts`: the same parts, the same UUID.
pub fn uuid(parts: &[&str]) -> String {
    let half = |salt: &str| {
        let mut digest = Fnv::default();
        digest.write_str(salt);
        for part in parts {
            digest.write_str(part);
        }
        digest.finish()
    };
    let (high, low) = (half("charter-oscal-a"), half("charter-oscal-b"));
    let bytes: Vec<u8> = high
        .to_be_bytes()
        .into_iter()
        .chain(low.to_be_bytes())
        .collect();
    let mut b = [0u8; 16];
    b.copy_from_slice(&bytes);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `date` at midnight UTC, as OSCAL date-times are written.
pub fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// A document's metadata.
pub fn metadata(title: &str, version: &str, today: Date) -> Value {
    json!({
        "title": title,
        "last-modified": timestamp(today),
        "version": version,
        "oscal-version": OSCAL_VERSION,
        "props": [prop("generator", &format!("charter {}", env!("CARGO_PKG_VERSION")))],
    })
}

/// A property in charter's namespace; values are trimmed (OSCAL forbids outer spaces).
pub fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": one_line(value) })
}

/// Text on one line, outer spaces trimmed.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`) made from `text`.
pub fn token(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(
            |c| match c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                true => c,
                false => '_',
            },
        )
        .collect();
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = uuid(&["catalog", "core"]);
        assert_eq!(a, uuid(&["catalog", "core"]));
        assert_ne!(a, uuid(&["catalog", "cor", "e"]));
        let re = regex::Regex::new(
            r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        )
        .unwrap();
        assert!(re.is_match(&a), "{a}");
    }

    #[test]
    fn tokens_start_with_a_letter() {
        assert_eq!(token("CON-NDA"), "CON-NDA");
        assert_eq!(token("9 lives"), "_9_lives");
    }
}
