//! The built-in packs as decoded when charter was made: in comes a built-in pack's source,
//! out comes its [`Pack`], read from bytes the binary holds (`packs.bin`, [`codec`]) instead
//! of decoded from its YAML tree (docs/adr/0011-built-in-packs-decoded-ahead.md).
//!
//! `packs.bin` is made by this crate's own decoder (the build script cannot run it) and
//! kept in the repository: a unit test decodes every built-in pack and fails when the file
//! is not what it writes (`CHARTER_BLESS=1 cargo test` writes it). Each pack's
//! bytes carry the digest of the text they were made from; a pack whose text is not that
//! one (a pack edited since), or whose bytes do not read, answers `None` and is decoded
//! from its text as any pack is.

pub(crate) mod codec;
mod types;
#[cfg(test)]
mod write;

use std::sync::Arc;

use crate::diag::source::{BUILTIN_PREFIX, Source};
use crate::input::builtin;
use crate::pack::Pack;
use codec::{Bake, Cursor, Reader};

/// The file's first bytes, naming its form: a file of another form reads as no pack.
const MAGIC: &[u8] = b"charter built-in packs, form 2\n";

/// The decoded built-in packs: [`MAGIC`], then the length and the bytes of the table of
/// the texts the documents show as they are written (`write::Plain`), then for each pack
/// its name, the digest of its text (eight bytes, little-endian), the length of its bytes
/// and the bytes.
static PACKS: &[u8] = include_bytes!("packs.bin");

/// The built-in pack `source` as decoded when charter was made, when `source` is a
/// built-in pack with the binary's own text and that text is the one it was made from.
pub fn pack(source: &Arc<Source>) -> Option<Pack> {
    let name = source.name.strip_prefix(BUILTIN_PREFIX)?;
    let digest = builtin::baked_digest(source)?;
    let bytes = entries(PACKS)?
        .find(|(n, d, _)| *n == name && *d == digest)?
        .2;
    let mut reader = Reader::new(bytes, source, plain_texts()?)?;
    let pack = Pack::take(&mut reader)?;
    reader.is_done().then_some(pack)
}

/// The binary's own copy of `text` when it is one of the built-in packs' texts, read from
/// [`PACKS`], that the documents show as written: escaping for a page gives it back as it
/// is, but for white space at either end (the tests check the table against the
/// renderer's escaping). A part of such a text is not one: the text must stand whole
/// between the table's NUL bytes.
pub fn shown_as_written(text: &str) -> Option<&'static str> {
    let table = PLAIN.get().copied().flatten()?;
    let at = (text.as_ptr() as usize).checked_sub(table.as_ptr() as usize)?;
    let end = at.checked_add(text.len())?;
    let bytes = table.as_bytes();
    let whole = !text.is_empty()
        && bytes.get(at.wrapping_sub(1)) == Some(&0)
        && bytes.get(end) == Some(&0)
        && memchr::memchr(0, text.as_bytes()).is_none();
    whole.then(|| table.get(at..end)).flatten()
}

/// The table of texts shown as written, read and checked once by the first pack read.
static PLAIN: std::sync::OnceLock<Option<&'static str>> = std::sync::OnceLock::new();

fn plain_texts() -> Option<&'static str> {
    *PLAIN.get_or_init(|| {
        let table = Cursor::new(PACKS.strip_prefix(MAGIC)?).sized()?;
        std::str::from_utf8(table).ok()
    })
}

/// Each pack of `file`: its name, digest and bytes. `None` for a file of another form; a
/// cut or garbled entry ends the list.
fn entries(
    file: &'static [u8],
) -> Option<impl Iterator<Item = (&'static str, u64, &'static [u8])>> {
    let mut cursor = Cursor::new(file.strip_prefix(MAGIC)?);
    cursor.sized()?;
    Some(std::iter::from_fn(move || {
        let name = std::str::from_utf8(cursor.sized()?).ok()?;
        let digest = u64::from_le_bytes(*cursor.slice(8)?.first_chunk::<8>()?);
        Some((name, digest, cursor.sized()?))
    }))
}

/// Whether a page shows `text` as it is written: the renderer's escaping gives it back,
/// but for white space at either end.
#[cfg(test)]
fn is_shown_as_written(text: &str) -> bool {
    !text.is_empty() && !text.contains('\0') && crate::render::escape::inline(text) == text.trim()
}

/// The file [`PACKS`] should be: every built-in pack, decoded from its text, whose form
/// holds it; and the names of the packs it does not hold.
#[cfg(test)]
fn bake_all() -> (Vec<u8>, Vec<&'static str>) {
    use crate::diag::Diagnostics;
    use codec::sized;
    let mut plain = codec::Plain::new(is_shown_as_written);
    let mut entries = Vec::new();
    let mut not_baked = Vec::new();
    for (name, text) in builtin::PACKS {
        let source = Source::builtin(name, text);
        let mut diags = Diagnostics::default();
        let decoded = crate::input::decode(&source, &mut diags, Pack::decode);
        let mut writer = codec::Writer::new(&source, &mut plain);
        let written = decoded
            .filter(|_| diags.items().is_empty())
            .and_then(|pack| pack.put(&mut writer));
        if written.is_none() {
            not_baked.push(*name);
            continue;
        }
        let bytes = writer.finish();
        sized(&mut entries, name.as_bytes());
        let digest = crate::fingerprint::of_text(text);
        entries.extend_from_slice(&digest.to_le_bytes());
        sized(&mut entries, &bytes);
    }
    let mut file = MAGIC.to_vec();
    sized(&mut file, plain.table().as_bytes());
    file.extend(entries);
    (file, not_baked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;

    #[test]
    fn the_baked_packs_are_what_the_decoder_makes_of_the_built_in_packs() {
        let (file, not_baked) = bake_all();
        assert!(
            not_baked.is_empty(),
            "every built-in pack is baked: {not_baked:?}"
        );
        if file != PACKS && std::env::var_os("CHARTER_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/pack/baked/packs.bin");
            std::fs::write(path, &file).expect("write packs.bin");
            return;
        }
        assert!(
            file == PACKS,
            "src/pack/baked/packs.bin is not what the decoder makes of the built-in packs (a \
             pack or a pack type changed): run `CHARTER_BLESS=1 cargo test` and commit it"
        );
    }

    /// Whether `packs.bin` is being rewritten: the binary under test holds the file as it
    /// was, so the tests that read it wait for the next run.
    fn blessing() -> bool {
        std::env::var_os("CHARTER_BLESS").is_some()
    }

    /// Each baked pack reads back to the bytes it was written as, through every field: the
    /// same pack as the one decoded from its text.
    #[test]
    fn every_baked_pack_reads_back_whole() {
        if blessing() {
            return;
        }
        for (name, text) in builtin::PACKS {
            let source = Source::builtin(name, text);
            let pack = pack(&source).unwrap_or_else(|| panic!("{name} is baked"));
            let mut plain = codec::Plain::new(is_shown_as_written);
            let mut again = codec::Writer::new(&source, &mut plain);
            pack.put(&mut again).expect("a baked pack is written again");
            let again = again.finish();
            let mut diags = Diagnostics::default();
            let decoded = crate::input::decode(&source, &mut diags, Pack::decode).unwrap();
            let mut plain = codec::Plain::new(is_shown_as_written);
            let mut fresh = codec::Writer::new(&source, &mut plain);
            decoded.put(&mut fresh).unwrap();
            assert!(again == fresh.finish(), "{name}: baked and decoded differ");
            assert_eq!(pack.controls.len(), decoded.controls.len());
        }
    }

    /// What [`Pack::checked`] promises: each built-in pack, merged with the packs it
    /// requires and every check made (none skipped), reports nothing.
    #[test]
    fn every_built_in_pack_merges_with_what_it_requires_without_a_problem() {
        if blessing() {
            return;
        }
        use crate::diag::source::Located;
        use crate::pack::load::{PackLoader, PackSet};
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("engagement.yaml");
        for (name, text) in builtin::PACKS {
            let mut diags = Diagnostics::default();
            let at = crate::diag::source::Loc::file_start(&Source::new("engagement.yaml", ""));
            let reference = Located::new(format!("{BUILTIN_PREFIX}{name}"), at);
            let set = PackLoader::new(None, None).resolve_order(&[reference], &file, &mut diags);
            assert!(
                set.packs.iter().all(|p| p.checked),
                "{name}: every pack is baked"
            );
            let unchecked = |pack: &Arc<Pack>| {
                let source = Arc::clone(&pack.source);
                let decoded = crate::input::decode(&source, &mut diags, Pack::decode);
                Arc::new(decoded.expect("a built-in pack decodes"))
            };
            let packs: Vec<Arc<Pack>> = set.packs.iter().map(unchecked).collect();
            assert!(packs.iter().all(|p| !p.checked));
            let set = PackSet {
                packs,
                requires: set.requires.clone(),
            };
            crate::policy::resolve::from_packs(&set, &mut diags);
            let problems: Vec<String> = diags.items().iter().map(|d| d.one_line()).collect();
            assert!(
                problems.is_empty(),
                "{name} ({} bytes): {problems:?}",
                text.len()
            );
        }
    }

    /// Every text of the shared table is one the renderer's escaping gives back whole, and
    /// is known as one when read from a pack; a copy of it, or a part of it, is not.
    #[test]
    fn the_texts_shown_as_written_are_known_whole_and_only_whole() {
        if blessing() {
            return;
        }
        let mut known = 0;
        for (name, text) in builtin::PACKS {
            let source = Source::builtin(name, text);
            let pack = pack(&source).unwrap_or_else(|| panic!("{name} is baked"));
            for control in &pack.controls {
                for text in [&control.title.value, &control.description.value] {
                    let whole = shown_as_written(text).is_some();
                    assert_eq!(whole, is_shown_as_written(text), "{text}");
                    let copy: String = text.chars().collect();
                    assert!(shown_as_written(&copy).is_none(), "{text}: a copy");
                    if whole {
                        known += 1;
                        let first = text.chars().next().map_or(0, char::len_utf8);
                        let last = text.chars().next_back().map_or(0, char::len_utf8);
                        assert!(shown_as_written(&text[first..]).is_none(), "{text}");
                        assert!(shown_as_written(&text[..text.len() - last]).is_none());
                    }
                }
            }
        }
        assert!(
            known > 300,
            "{known} titles and descriptions shown as written"
        );
        let table = plain_texts().expect("the table reads");
        assert!(table.starts_with('\0') && table.ends_with('\0'));
        let texts: Vec<&str> = table.split('\0').filter(|t| !t.is_empty()).collect();
        assert!(texts.iter().all(|t| is_shown_as_written(t)));
        assert!(texts.iter().all(|t| shown_as_written(t) == Some(*t)));
        let two_and_more = &table[1..table.len() - 1];
        assert!(shown_as_written(two_and_more).is_none());
    }

    #[test]
    fn a_pack_whose_text_changed_is_not_read_from_the_baked_bytes() {
        let (name, text) = builtin::PACKS[0];
        let edited = format!("{text}\n# edited\n");
        let source = Arc::new(Source {
            name: format!("{BUILTIN_PREFIX}{name}"),
            text: std::borrow::Cow::Owned(edited),
        });
        assert!(pack(&source).is_none());
        assert!(pack(&Source::new("core.yaml", text.to_string())).is_none());
    }

    #[test]
    fn a_file_of_another_form_or_cut_short_reads_as_no_pack_and_never_panics() {
        assert!(entries(b"charter built-in packs, form 1\n").is_none());
        // Cuts in the shared table, and in the first entries after it.
        let plain = plain_texts().expect("the table reads");
        let after = plain.as_ptr() as usize + plain.len() - PACKS.as_ptr() as usize;
        let cuts = (0..4096).chain(after..after + 4096);
        for cut in cuts.filter(|cut| *cut <= PACKS.len()) {
            let short: &'static [u8] = &PACKS[..cut];
            if let Some(list) = entries(short) {
                for (name, _, bytes) in list {
                    if let Some((_, text)) = builtin::PACKS.iter().find(|(n, _)| *n == name) {
                        let source = Source::builtin(name, text);
                        if let Some(mut reader) = Reader::new(bytes, &source, plain) {
                            let _ = Pack::take(&mut reader);
                        }
                    }
                }
            }
        }
    }
}
