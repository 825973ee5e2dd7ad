//! Pack text as the documents show it, made once per pack set. A text that names no
//! parameter and no tool reads the same for every engagement on the same packs, so it is
//! filled and escaped once, not again for each engagement.
//!
//! In: a text of the packs and the function that shows it (the renderer's escaping). Out:
//! the shown text. The memo is keyed by the text's address (or, for a text made from pack
//! values such as a list joined, the values' address) and length and by the function, and
//! compares the text itself on every hit, so a text that is not the packs' own can never
//! be given another's; it stops growing at [`LIMIT`] texts. A text that
//! names parameters or tools is shown once for each way it is filled ([`filled`]): engagements whose
//! parameter values and tools are all the same ([`Way`]) find it without filling it again,
//! and others fill it and find it by what it became. Values made of pack items rather
//! than texts are kept by the items ([`kept`]): what the pages show of a control's own
//! texts ([`Shown::of_control`]) and a RACI table's columns and cells
//! ([`Shown::raci_cells`]). The shown text itself is [`text`]'s. Nothing is remembered
//! until a second engagement uses the same packs ([`Shown::share`]): a build of one
//! engagement shows each text about once, and the memo would only cost it.

mod filled;
mod kept;
mod text;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

pub use filled::Way;
pub use kept::{MappingView, RaciCells};
pub use text::ShownText;

use filled::{FilledMemo, WayMemo};
use kept::{ControlMemo, KeptMemo};

/// Most texts one pack set remembers (the built-in packs have about 2,000).
const LIMIT: usize = 1 << 16;

/// A function that turns a text into what a page shows, made as a shared text at once.
pub type Show = fn(&str) -> ShownText;

/// A text's address, length and the function that shows it.
type Key = (usize, usize, usize);

/// The text as it was, and as it is shown.
type Memo = HashMap<Key, (Box<str>, ShownText), BuildHasherDefault<KeyHasher>>;

/// Hashes a [`Key`]: three machine words (addresses, a length) that no input chooses, so
/// a multiplication and a rotation a word do, where the standard library's SipHash, made
/// to resist keys chosen to collide, cost more than the rest of a lookup.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|b| self.write_usize(usize::from(*b)));
    }

    fn write_usize(&mut self, word: usize) {
        const ODD: u64 = 0xf135_7aea_2e62_a9c5;
        self.0 = (self.0.rotate_left(5) ^ word as u64).wrapping_mul(ODD);
    }

    fn finish(&self) -> u64 {
        // The table picks a bucket by the low bits, which the multiplications leave
        // least mixed.
        self.0.rotate_left(26)
    }
}

/// Shown texts of one pack set.
#[derive(Default)]
pub struct Shown {
    memo: Mutex<Memo>,
    filled: Mutex<FilledMemo>,
    /// Each way of filling placeholders seen (everything it fills them with, as one text).
    ways: Mutex<HashMap<Box<str>, Way>>,
    by_way: Mutex<WayMemo>,
    /// What pages show of each control ([`Shown::of_control`]).
    controls: Mutex<ControlMemo>,
    raci: Mutex<KeptMemo<RaciCells>>,
    /// Whether a second engagement uses these packs: until then nothing is remembered,
    /// as the one engagement of a build of one shows each text about once.
    shared: AtomicBool,
}

impl Shown {
    /// From now on, texts are remembered: another engagement uses these packs.
    pub fn share(&self) {
        self.shared.store(true, Ordering::Relaxed);
    }

    fn remembers(&self) -> bool {
        self.shared.load(Ordering::Relaxed)
    }

    /// `show(text)`, from the memo when this text was shown before: shared, not copied.
    pub fn get(&self, text: &str, show: Show) -> ShownText {
        self.get_at(text.as_ptr() as usize, text, show)
    }

    /// [`Shown::get`] of a text made from pack values, remembered at `place`, the address
    /// of the values (which live as long as the packs): `text` is compared on every hit,
    /// so a place reused by other values is never given their text.
    pub fn get_at(&self, place: usize, text: &str, show: Show) -> ShownText {
        if !self.remembers() {
            return show(text);
        }
        let key = (place, text.len(), show as usize);
        if let Some(shown) = self.remembered(key, |seen| seen == text) {
            return shown;
        }
        let shown = show(text);
        self.remember(key, text, &shown);
        shown
    }

    /// [`Shown::get_at`] of `parts` joined by `separator` (pack values such as a control's
    /// ids in one framework), remembered at `place`, the address of the parts: on a hit
    /// the remembered text is compared with the parts where they stand, and the parts are
    /// joined only to be shown anew.
    pub fn get_joined<'p, P>(
        &self,
        place: usize,
        parts: P,
        separator: &str,
        show: Show,
    ) -> ShownText
    where
        P: Iterator<Item = &'p str> + Clone,
    {
        let join = || parts.clone().collect::<Vec<_>>().join(separator);
        if !self.remembers() {
            return show(&join());
        }
        let (count, bytes) = (parts.clone()).fold((0, 0), |(n, len), p| (n + 1, len + p.len()));
        let len = bytes + usize::saturating_sub(count, 1) * separator.len();
        let key = (place, len, show as usize);
        if let Some(shown) = self.remembered(key, |seen| spells(seen, parts.clone(), separator)) {
            return shown;
        }
        let joined = join();
        let shown = show(&joined);
        self.remember(key, &joined, &shown);
        shown
    }

    /// The text remembered at `key`, if `is_it` says the text seen there is the one asked.
    fn remembered(&self, key: Key, is_it: impl Fn(&str) -> bool) -> Option<ShownText> {
        let memo = self.lock();
        let (seen, shown) = memo.get(&key)?;
        is_it(seen).then(|| shown.clone())
    }

    /// Remembers `text` shown at `key`, while the memo has room.
    fn remember(&self, key: Key, text: &str, shown: &ShownText) {
        let mut memo = self.lock();
        if memo.len() < LIMIT {
            memo.insert(key, (text.into(), shown.clone()));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memo> {
        locked(&self.memo)
    }
}

/// Whether `text` is `parts` joined by `separator`, read where it stands.
fn spells<'p>(mut text: &str, parts: impl Iterator<Item = &'p str>, separator: &str) -> bool {
    for (n, part) in parts.enumerate() {
        let rest = match n {
            0 => Some(text),
            _ => text.strip_prefix(separator),
        };
        match rest.and_then(|rest| rest.strip_prefix(part)) {
            Some(rest) => text = rest,
            None => return false,
        }
    }
    text.is_empty()
}

/// The value a mutex guards, even if a thread panicked while it held it (every value
/// here is whole after each step).
fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// A copy of the packs starts with nothing remembered.
impl Clone for Shown {
    fn clone(&self) -> Shown {
        Shown::default()
    }
}

impl std::fmt::Debug for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shown")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn loud(text: &str) -> ShownText {
        text.to_uppercase().into()
    }

    pub(super) fn as_is(text: &str) -> ShownText {
        text.into()
    }

    #[test]
    fn a_text_is_shown_once_and_a_different_text_at_the_same_place_is_not_mixed_up() {
        let shown = Shown::default();
        shown.share();
        let mut text = String::from("abc");
        assert_eq!(&*shown.get(&text, loud), "ABC");
        assert_eq!(&*shown.get(&text, loud), "ABC");
        // Same address and length, other bytes: shown afresh.
        text.replace_range(.., "xyz");
        assert_eq!(&*shown.get(&text, loud), "XYZ");
        assert_eq!(&*shown.get(&text, as_is), "xyz");
    }

    #[test]
    fn a_text_made_from_values_is_remembered_at_their_place_and_compared() {
        let shown = Shown::default();
        shown.share();
        let values = ["a", "b"];
        let place = values.as_ptr() as usize;
        let first = shown.get_at(place, &values.join(", "), loud);
        assert_eq!(&*first, "A, B");
        assert!(first.same(&shown.get_at(place, &values.join(", "), loud)));
        // The same place and length, another text: shown afresh.
        assert_eq!(&*shown.get_at(place, "x, y", loud), "X, Y");
    }

    #[test]
    fn joined_parts_are_remembered_at_their_place_and_read_where_they_stand() {
        let shown = Shown::default();
        shown.share();
        let parts = ["A.5.1", "A.8.2"];
        let place = parts.as_ptr() as usize;
        let first = shown.get_joined(place, parts.into_iter(), ", ", loud);
        assert_eq!(&*first, "A.5.1, A.8.2");
        assert!(first.same(&shown.get_joined(place, parts.into_iter(), ", ", loud)));
        // The same place and length, other parts or another split: shown afresh.
        for other in [
            ["A.5.1", "A.8.3"],
            ["A.5.1,", "A.8.2"],
            ["A.5.", "1, A.8.2"],
        ] {
            let again = shown.get_joined(place, other.into_iter(), ", ", loud);
            assert_eq!(*again, other.join(", "));
        }
        assert_eq!(&*shown.get_joined(place, [].into_iter(), ", ", loud), "");
        let spelled = |text: &str, parts: &[&str]| spells(text, parts.iter().copied(), ", ");
        assert!(spelled("a, b", &["a", "b"]));
        assert!(!spelled("a, b", &["a", "b", ""]));
        assert!(!spelled("a, b, ", &["a", "b"]));
        assert!(spelled("", &[]) && spelled("", &[""]));
    }

    /// The built-in core pack's controls.
    #[test]
    fn shown_texts_are_equal_when_their_texts_are_wherever_each_is_kept() {
        let made = ShownText::from("Sign the NDA");
        assert_eq!(ShownText::Held("Sign the NDA"), made);
        assert_ne!(ShownText::Held("Sign the MSA"), made);
        assert!(!ShownText::Held("Sign the NDA").same(&made));
    }

    #[test]
    fn texts_are_remembered_once_the_packs_are_shared() {
        let shown = Shown::default();
        let text = String::from("abc");
        let first = shown.get(&text, loud);
        assert!(!first.same(&shown.get(&text, loud)));
        shown.share();
        let remembered = shown.get(&text, loud);
        assert!(remembered.same(&shown.get(&text, loud)));
        assert_eq!(&*remembered, "ABC");
    }
}
