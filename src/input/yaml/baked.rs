//! A located YAML tree as bytes, and back: how the built-in packs, parsed once by the build
//! script, reach the binary without being parsed again at each start.
//!
//! [`Tree`] and the text it was parsed from in, bytes out ([`encode`], used by the build
//! script); bytes and the same text in, the same [`Tree`] out ([`decode`]). The bytes are
//! the length of the tree's strings (a little-endian `u32`), the strings, each once, then
//! the tree's records as [`super::tree`] lays them out, which the binary reads where they
//! stand: decoding checks the strings are UTF-8 and the records whole, and copies nothing.
//! A string that is its span's text as written (most keys and plain values) is not among
//! the strings but read from the text. A tree holding a string that is not clean text is
//! not encoded, so every string of a baked tree is clean ([`super::tree::Scalar::Baked`]).
//! This file uses nothing of the crate: the build script includes it too.

use std::collections::HashMap;

use super::tree::{AS_WRITTEN, RECORD, STR, Tree};

/// The bytes of `tree`, parsed from `text`; `None` when one of its strings is not
/// `clean`.
#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the build script encodes; the binary decodes")
)]
pub fn encode(tree: &Tree, text: &str, clean: impl Fn(&str) -> bool) -> Option<Vec<u8>> {
    let mut strings = String::new();
    let mut placed: HashMap<&str, u32> = HashMap::new();
    let mut records = Vec::with_capacity(tree.count() * RECORD);
    for index in 0..u32::try_from(tree.count()).ok()? {
        let mut record = tree.record(index);
        if record.tag == STR {
            let string = tree.string(record);
            clean(string).then_some(())?;
            let start = record.start as usize;
            if text.get(start..start + record.len as usize) == Some(string) {
                (record.tag, record.a, record.b) = (AS_WRITTEN, 0, 0);
            } else {
                let at = match placed.get(string) {
                    Some(at) => *at,
                    None => {
                        let at = u32::try_from(strings.len()).ok()?;
                        strings.push_str(string);
                        placed.insert(string, at);
                        at
                    }
                };
                record.a = at;
            }
        }
        record.write(&mut records);
    }
    let mut out = Vec::with_capacity(4 + strings.len() + records.len());
    out.extend_from_slice(&u32::try_from(strings.len()).ok()?.to_le_bytes());
    out.extend_from_slice(strings.as_bytes());
    out.extend_from_slice(&records);
    Some(out)
}

/// The tree `encode` wrote of `text`, or `None` if the bytes are not strings and whole
/// records.
pub fn decode(bytes: &'static [u8], text: &'static str) -> Option<Tree> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let len = u32::from_le_bytes(*len) as usize;
    let strings = std::str::from_utf8(rest.get(..len)?).ok()?;
    let records = rest.get(len..)?;
    (!records.is_empty() && records.len() % RECORD == 0)
        .then(|| Tree::baked(records, strings, text))
}
