//! Pack text as the documents show it, made once per pack set. A text that names no
//! parameter and no tool reads the same for every engagement on the same packs, so it is
//! filled and escaped once, not again for each engagement.
//!
//! In: a text of the packs and the function that shows it (the renderer's escaping). Out:
//! the shown text. The memo is keyed by the text's address (or, for a text made from pack
//! values such as a list joined, the values' address) and length and by the function, and
//! compares the text itself on every hit, so a text that is not the packs' own can never
//! be given another's; it stops growing at [`LIMIT`] texts. A text that
//! names parameters or tools is filled for each engagement, and shown once for each way it
//! is filled (engagements on the same values share it). Nothing is remembered until a
//! second engagement uses the same packs ([`Shown::share`]): a build of one engagement
//! shows each text about once, and the memo would only cost it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Most texts one pack set remembers (the built-in packs have about 2,000).
const LIMIT: usize = 1 << 16;

/// A function that turns a text into what a page shows, made as a shared text at once.
pub type Show = fn(&str) -> ShownText;

/// A text as a page shows it, which every view that shows it shares: a text the binary
/// holds as it is shown, or a shared copy of one made for the page. Two are equal when
/// their texts are, wherever each is kept.
#[derive(Clone, Debug)]
pub enum ShownText {
    /// A text the binary holds (a built-in pack's), shown as it is.
    Held(&'static str),
    /// A text made to be shown, shared.
    Made(Arc<str>),
}

#[cfg(test)]
impl ShownText {
    /// Whether both are the same text in memory, not only the same characters.
    pub fn same(&self, other: &ShownText) -> bool {
        std::ptr::eq(self.as_ptr(), other.as_ptr()) && self.len() == other.len()
    }
}

impl std::ops::Deref for ShownText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            ShownText::Held(text) => text,
            ShownText::Made(text) => text,
        }
    }
}

impl PartialEq for ShownText {
    fn eq(&self, other: &ShownText) -> bool {
        **self == **other
    }
}

impl Eq for ShownText {}

impl AsRef<str> for ShownText {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::fmt::Display for ShownText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl serde::Serialize for ShownText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl From<String> for ShownText {
    fn from(text: String) -> ShownText {
        ShownText::Made(text.into())
    }
}

impl From<Arc<str>> for ShownText {
    fn from(text: Arc<str>) -> ShownText {
        ShownText::Made(text)
    }
}

impl From<&str> for ShownText {
    fn from(text: &str) -> ShownText {
        ShownText::Made(text.into())
    }
}

/// A pack's text as it is: held, not copied, when the binary holds it.
impl From<&std::borrow::Cow<'static, str>> for ShownText {
    fn from(text: &std::borrow::Cow<'static, str>) -> ShownText {
        match text {
            std::borrow::Cow::Borrowed(held) => ShownText::Held(held),
            std::borrow::Cow::Owned(made) => made.as_str().into(),
        }
    }
}

/// A text's address, length and the function that shows it.
type Key = (usize, usize, usize);

/// The text as it was, and as it is shown.
type Memo = HashMap<Key, (Box<str>, ShownText), BuildHasherDefault<KeyHasher>>;

/// For a text that names parameters or tools: each way engagements filled it, and that
/// filled text as it is shown.
type FilledMemo = HashMap<Key, Vec<(Box<str>, ShownText)>, BuildHasherDefault<KeyHasher>>;

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

/// Most ways one text is remembered filled (engagements that fill it in more ways are
/// shown without the memo).
const FILLED_WAYS: usize = 16;

/// Shown texts of one pack set.
#[derive(Default)]
pub struct Shown {
    memo: Mutex<Memo>,
    filled: Mutex<FilledMemo>,
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

    /// [`Shown::get`] of a text made from pack values, such as a list joined, remembered
    /// at `place`, the address of the values (which live as long as the packs): `text` is
    /// compared on every hit, so a place reused by other values is never given their text.
    pub fn get_at(&self, place: usize, text: &str, show: Show) -> ShownText {
        if !self.remembers() {
            return show(text);
        }
        let key = (place, text.len(), show as usize);
        let memo = |m: &mut Memo| {
            m.get(&key)
                .filter(|(seen, _)| **seen == *text)
                .map(|(_, shown)| shown.clone())
        };
        if let Some(shown) = memo(&mut self.lock()) {
            return shown;
        }
        let shown = show(text);
        let mut m = self.lock();
        if m.len() < LIMIT {
            m.insert(key, (text.into(), shown.clone()));
        }
        shown
    }

    /// `show(filled)`, where `filled` is the pack text `text` with its placeholders filled
    /// for one engagement: from the memo when an engagement filled it the same way before.
    /// What is shown depends on `filled` alone, which is compared on every hit; `text`
    /// only says where to look.
    pub fn get_filled(&self, text: &str, filled: &str, show: Show) -> ShownText {
        if !self.remembers() {
            return show(filled);
        }
        let key = (text.as_ptr() as usize, text.len(), show as usize);
        let lock = || self.filled.lock().unwrap_or_else(|p| p.into_inner());
        let seen = |ways: &Vec<(Box<str>, ShownText)>| {
            (ways.iter())
                .find(|(way, _)| **way == *filled)
                .map(|(_, shown)| shown.clone())
        };
        if let Some(shown) = lock().get(&key).and_then(seen) {
            return shown;
        }
        let shown = show(filled);
        let mut m = lock();
        if m.len() < LIMIT {
            let ways = m.entry(key).or_default();
            if ways.len() < FILLED_WAYS {
                ways.push((filled.into(), shown.clone()));
            }
        }
        shown
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.memo.lock().unwrap_or_else(|p| p.into_inner())
    }
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

    fn loud(text: &str) -> ShownText {
        text.to_uppercase().into()
    }

    fn as_is(text: &str) -> ShownText {
        text.into()
    }

    #[test]
    fn a_filled_text_is_shown_once_per_way_it_is_filled() {
        let shown = Shown::default();
        shown.share();
        let text = String::from("every {{ params.days }} days");
        assert_eq!(
            &*shown.get_filled(&text, "every 14 days", loud),
            "EVERY 14 DAYS"
        );
        assert_eq!(
            &*shown.get_filled(&text, "every 7 days", loud),
            "EVERY 7 DAYS"
        );
        assert_eq!(
            &*shown.get_filled(&text, "every 14 days", loud),
            "EVERY 14 DAYS"
        );
        assert_eq!(
            &*shown.get_filled(&text, "every 14 days", as_is),
            "every 14 days"
        );
        for n in 0..40 {
            let way = format!("every {n} days");
            assert_eq!(*shown.get_filled(&text, &way, loud), way.to_uppercase());
        }
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
