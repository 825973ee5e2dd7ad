//! Pack text as the documents show it, made once per pack set. A text that names no
//! parameter and no tool reads the same for every engagement on the same packs, so it is
//! filled and escaped once, not again for each engagement.
//!
//! In: a text of the packs and the function that shows it (the renderer's escaping). Out:
//! the shown text. The memo is keyed by the text's address (or, for a text made from pack
//! values such as a list joined, the values' address) and length and by the function, and
//! compares the text itself on every hit, so a text that is not the packs' own can never
//! be given another's; it stops growing at [`LIMIT`] texts. A text that
//! names parameters or tools is shown once for each way it is filled: engagements whose
//! parameter values and tools are all the same ([`Way`]) find it without filling it again,
//! and others fill it and find it by what it became. Values made of pack items rather
//! than texts are kept by the items ([`kept`]): what the pages show of a control's own
//! texts ([`Shown::of_control`]) and a RACI table's columns and cells
//! ([`Shown::raci_cells`]). The shown text itself is [`text`]'s. Nothing is remembered
//! until a second engagement uses the same packs ([`Shown::share`]): a build of one
//! engagement shows each text about once, and the memo would only cost it.

mod kept;
mod text;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

pub use kept::{MappingView, RaciCells};
pub use text::ShownText;

use kept::{ControlMemo, KeptMemo};

/// Most texts one pack set remembers (the built-in packs have about 2,000).
const LIMIT: usize = 1 << 16;

/// A function that turns a text into what a page shows, made as a shared text at once.
pub type Show = fn(&str) -> ShownText;

/// A text's address, length and the function that shows it.
type Key = (usize, usize, usize);

/// The text as it was, and as it is shown.
type Memo = HashMap<Key, (Box<str>, ShownText), BuildHasherDefault<KeyHasher>>;

/// For a text that names parameters or tools: each way engagements filled it, and that
/// filled text as it is shown.
type FilledMemo = HashMap<Key, Vec<(Box<str>, ShownText)>, BuildHasherDefault<KeyHasher>>;

/// A text's [`Key`] and the [`Way`] it is filled.
type WayKey = (usize, usize, usize, usize);

/// For a text that names parameters or tools: the text as it was, and as it is shown when
/// filled one [`Way`].
type WayMemo = HashMap<WayKey, (Box<str>, ShownText), BuildHasherDefault<KeyHasher>>;

/// One way engagements fill the packs' placeholders: the same value of every parameter
/// and the same wording of every tool, numbered once per pack set ([`Shown::way`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Way(usize);

/// Most ways one pack set numbers: engagements that fill placeholders in more ways fill
/// each text, and find it shown by what it became.
const WAYS: usize = 256;

/// Longest text of a way that is numbered (the example's is a few hundred bytes): an engagement
/// with parameter values larger than that fills each text, and the memo does not keep its
/// values.
const WAY_TEXT: usize = 4 * 1024;

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

    /// The number of the way an engagement fills placeholders, `values` being everything
    /// it fills them with as one text (the same text exactly when every placeholder is
    /// filled alike); none until the packs are shared, past [`WAYS`] ways, or for a text
    /// longer than [`WAY_TEXT`].
    pub fn way(&self, values: impl FnOnce() -> String) -> Option<Way> {
        if !self.remembers() {
            return None;
        }
        let values = values();
        if values.len() > WAY_TEXT {
            return None;
        }
        let mut ways = locked(&self.ways);
        if let Some(way) = ways.get(values.as_str()) {
            return Some(*way);
        }
        let way = Way(ways.len());
        (ways.len() < WAYS).then(|| {
            ways.insert(values.into(), way);
            way
        })
    }

    /// `show` of the pack text `text` with its placeholders filled for one engagement
    /// (`fill` fills them; `way` is how, [`Shown::way`]): from the memo when an engagement
    /// filling them the same way showed it before, or when one filled it to the same
    /// text. `text` is compared on every hit by way, the filled text on every other hit.
    pub fn get_filled(
        &self,
        text: &str,
        way: Option<Way>,
        fill: impl FnOnce() -> String,
        show: Show,
    ) -> ShownText {
        if !self.remembers() {
            return show(&fill());
        }
        let key = (text.as_ptr() as usize, text.len(), show as usize);
        let way_key = way.map(|Way(way)| (key.0, key.1, key.2, way));
        if let Some(way_key) = way_key {
            let by_way = locked(&self.by_way);
            let seen = by_way.get(&way_key).filter(|(seen, _)| **seen == *text);
            if let Some((_, shown)) = seen {
                return shown.clone();
            }
        }
        let shown = self.get_filled_text(key, &fill(), show);
        if let Some(way_key) = way_key {
            let mut by_way = locked(&self.by_way);
            if by_way.len() < LIMIT {
                by_way.insert(way_key, (text.into(), shown.clone()));
            }
        }
        shown
    }

    /// `show(filled)`, where `filled` is the pack text at `key` with its placeholders
    /// filled: from the memo when an engagement filled it the same way before. What is
    /// shown depends on `filled` alone, which is compared on every hit.
    fn get_filled_text(&self, key: Key, filled: &str, show: Show) -> ShownText {
        let seen = |ways: &Vec<(Box<str>, ShownText)>| {
            (ways.iter())
                .find(|(way, _)| **way == *filled)
                .map(|(_, shown)| shown.clone())
        };
        if let Some(shown) = locked(&self.filled).get(&key).and_then(seen) {
            return shown;
        }
        let shown = show(filled);
        let mut m = locked(&self.filled);
        if m.len() < LIMIT {
            let ways = m.entry(key).or_default();
            if ways.len() < FILLED_WAYS {
                ways.push((filled.into(), shown.clone()));
            }
        }
        shown
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

    fn loud(text: &str) -> ShownText {
        text.to_uppercase().into()
    }

    fn as_is(text: &str) -> ShownText {
        text.into()
    }

    /// What fills a text the same way as the one before gives.
    fn filled(text: &str) -> impl FnOnce() -> String + '_ {
        move || text.to_string()
    }

    /// A fill that must not be asked for: the text is found by its way.
    fn not_filled() -> String {
        panic!("the text was filled again")
    }

    #[test]
    fn a_filled_text_is_shown_once_per_way_it_is_filled() {
        let shown = Shown::default();
        shown.share();
        let text = String::from("every {{ params.days }} days");
        let get = |filled_as: &str, show| shown.get_filled(&text, None, filled(filled_as), show);
        assert_eq!(&*get("every 14 days", loud), "EVERY 14 DAYS");
        assert_eq!(&*get("every 7 days", loud), "EVERY 7 DAYS");
        assert!(get("every 14 days", loud).same(&get("every 14 days", loud)));
        assert_eq!(&*get("every 14 days", as_is), "every 14 days");
        for n in 0..40 {
            let way = format!("every {n} days");
            assert_eq!(*get(&way, loud), way.to_uppercase());
        }
    }

    #[test]
    fn engagements_filling_placeholders_alike_share_a_text_and_no_other_does() {
        let shown = Shown::default();
        shown.share();
        let mut text = String::from("every {{ params.days }} days");
        let fortnight = shown.way(|| "4:days2:14".into());
        let week = shown.way(|| "4:days1:7".into());
        assert!(fortnight.is_some() && week.is_some() && fortnight != week);
        assert_eq!(shown.way(|| "4:days2:14".into()), fortnight);
        let first = shown.get_filled(&text, fortnight, filled("every 14 days"), loud);
        assert_eq!(&*first, "EVERY 14 DAYS");
        assert!(first.same(&shown.get_filled(&text, fortnight, not_filled, loud)));
        let weekly = shown.get_filled(&text, week, filled("every 7 days"), loud);
        assert_eq!(&*weekly, "EVERY 7 DAYS");
        // Shown another way, the text is filled again.
        let as_written = shown.get_filled(&text, fortnight, filled("every 14 days"), as_is);
        assert_eq!(&*as_written, "every 14 days");
        // Another way that fills this text to the same words finds it by what it became.
        let other = shown.way(|| "4:days2:145:hours1:2".into());
        assert!(first.same(&shown.get_filled(&text, other, filled("every 14 days"), loud)));
        // Another text at the same place and of the same length, filled the same way, is
        // shown afresh.
        text.replace_range(.., "other {{ params.days }} days");
        let again = shown.get_filled(&text, fortnight, filled("other 14 days"), loud);
        assert_eq!(&*again, "OTHER 14 DAYS");
    }

    #[test]
    fn ways_are_numbered_once_the_packs_are_shared_and_up_to_a_limit() {
        let shown = Shown::default();
        assert_eq!(shown.way(|| "a".into()), None);
        shown.share();
        let ways: Vec<_> = (0..WAYS).map(|n| shown.way(|| n.to_string())).collect();
        assert!(ways.iter().all(Option::is_some));
        assert_eq!(shown.way(|| "one more".into()), None);
        let fresh = Shown::default();
        fresh.share();
        assert!(fresh.way(|| "x".repeat(WAY_TEXT)).is_some());
        assert_eq!(fresh.way(|| "x".repeat(WAY_TEXT + 1)), None);
        assert_eq!(shown.way(|| "0".into()), ways[0]);
        // Without the memo, a text is filled and shown each time.
        let text = "every {{ params.days }} days";
        assert_eq!(
            &*shown.get_filled(text, None, filled("every 2 days"), loud),
            "EVERY 2 DAYS"
        );
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
