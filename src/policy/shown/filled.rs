//! Texts with placeholders, shown once for each way engagements fill them. An engagement's
//! way ([`Way`]) is everything it fills the packs' placeholders with, as one text,
//! numbered once per pack set: engagements filling alike find a text by its way without
//! filling it; others fill it and find it by what it became.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::{Key, KeyHasher, LIMIT, Show, Shown, ShownText, locked};

/// For a text that names parameters or tools: each way engagements filled it, and that
/// filled text as it is shown.
pub(super) type FilledMemo =
    HashMap<Key, Vec<(Box<str>, ShownText)>, BuildHasherDefault<KeyHasher>>;

/// A text's [`Key`] and the [`Way`] it is filled.
type WayKey = (usize, usize, usize, usize);

/// For a text that names parameters or tools: the text as it was, and as it is shown when
/// filled one [`Way`].
pub(super) type WayMemo = HashMap<WayKey, (Box<str>, ShownText), BuildHasherDefault<KeyHasher>>;

/// One way engagements fill the packs' placeholders: the same value of every parameter
/// and the same wording of every tool, numbered once per pack set ([`Shown::way`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Way(pub(super) usize);

/// Most ways one pack set numbers: engagements that fill placeholders in more ways fill
/// each text, and find it shown by what it became.
const WAYS: usize = 256;

/// Longest text of a way that is numbered (the example's is a few hundred bytes): an engagement
/// with parameter values larger than that fills each text, and the memo does not keep its
/// values.
const WAY_TEXT: usize = 4 * 1024;

/// Most ways one text is remembered filled (engagements that fill it in more ways are
/// shown without the memo).
const FILLED_WAYS: usize = 16;

impl Shown {
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::{as_is, loud};
    use super::*;

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
}
