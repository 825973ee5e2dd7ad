//! An engagement's items and where each stands on a day: the typed items joined with the
//! ticks the wiki's pages hold (by item key, never by the items' text). The wiki layer
//! makes it once per build; the pages that follow people's work (each person's page, the
//! index page's timeline), the home page's progress and the review's open count read it.

use jiff::civil::Date;

use crate::policy::items::{Item, Progress};
use crate::policy::schedule::{Standing, add_days};

/// Every item of an engagement with its standing on `today`.
#[derive(Clone, Debug)]
pub struct Ledger<'a> {
    /// The items, in policy order.
    pub items: &'a [Item],
    /// The standing of each item, in the same order.
    pub standings: Vec<Standing>,
}

impl<'a> Ledger<'a> {
    /// The standings of `items` on `today`, given which are ticked.
    pub fn new(items: &'a [Item], ticked: impl Fn(&Item) -> bool, today: Date) -> Ledger<'a> {
        let standings = items
            .iter()
            .map(|item| item.standing(ticked(item), today, 0))
            .collect();
        Ledger { items, standings }
    }

    /// Each item with its standing.
    pub fn entries(&self) -> impl Iterator<Item = (&'a Item, Standing)> + Clone + '_ {
        self.items.iter().zip(self.standings.iter().copied())
    }

    /// Ticked, overdue and total items.
    pub fn progress(&self) -> Progress {
        let mut progress = Progress::default();
        for standing in &self.standings {
            progress.total += 1;
            progress.done += u32::from(*standing == Standing::Done);
            progress.overdue += u32::from(*standing == Standing::Overdue);
        }
        progress
    }

    /// Items not ticked.
    pub fn open(&self) -> usize {
        self.progress().open() as usize
    }

    /// A digest of every item's key and standing: the pages that show standings change
    /// exactly when it does.
    pub fn digest(&self) -> u64 {
        let mut hash = crate::fingerprint::Fnv::default();
        for (item, standing) in self.entries() {
            hash.write_str(item.document.as_str());
            hash.write_str(&item.key);
            hash.write(&[standing as u8]);
        }
        hash.finish()
    }
}

/// The days around a build over which an engagement's standings stay as they were that
/// day, given the same ticks: from `from` (or ever), up to the day before `until` (or for
/// good). A build whose pages are as the last one left them, on a day inside, would find
/// the same standings, so it need not read the pages' ticks again (`crate::wiki::pages`).
/// Days are kept as order-preserving numbers (8 bytes: a portfolio's plan keeps one for
/// each engagement).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Steady {
    from: i32,
    until: i32,
}

impl Steady {
    /// Days on which nothing is known to stand: [`Steady::holds`] on none.
    pub const NEVER: Steady = Steady {
        from: i32::MAX,
        until: i32::MIN,
    };

    /// From `from` (or ever) up to the day before `until` (or for good).
    pub fn new(from: Option<Date>, until: Option<Date>) -> Steady {
        Steady {
            from: from.map_or(i32::MIN, day_number),
            until: until.map_or(i32::MAX, day_number),
        }
    }

    /// Whether the standings stand on `today`.
    pub fn holds(&self, today: Date) -> bool {
        (self.from..self.until).contains(&day_number(today))
    }

    /// The first day, `None` for ever (or for [`Steady::NEVER`]).
    pub fn from(&self) -> Option<Date> {
        (self.from != i32::MIN && *self != Steady::NEVER).then(|| date_of(self.from))?
    }

    /// The first day past them, `None` for good (or for [`Steady::NEVER`]).
    pub fn until(&self) -> Option<Date> {
        (self.until != i32::MAX && *self != Steady::NEVER).then(|| date_of(self.until))?
    }
}

/// A day as a number that sorts as days do.
fn day_number(day: Date) -> i32 {
    i32::from(day.year()) * 512 + i32::from(day.month()) * 32 + i32::from(day.day())
}

fn date_of(number: i32) -> Option<Date> {
    let year = i16::try_from(number.div_euclid(512)).ok()?;
    let rest = number.rem_euclid(512);
    Date::new(year, (rest / 32) as i8, (rest % 32) as i8).ok()
}

impl Ledger<'_> {
    /// The days around `today` (the ledger's day) over which every standing stays as it
    /// is: an item not ticked changes standing only on its due day (due), the day after
    /// (overdue) and the day after its waiver expires, and only where
    /// [`Item::standing`] says it does; a ticked item stands done on any day.
    pub fn steady(&self, today: Date) -> Steady {
        let (mut from, mut until): (Option<Date>, Option<Date>) = (None, None);
        for (item, standing) in self.entries() {
            if standing == Standing::Done {
                continue;
            }
            let next = |days: i64| move |day: Date| add_days(day, days);
            let turns = [
                item.due,
                item.due.and_then(next(1)),
                item.waived_until.and_then(next(1)),
            ];
            for turn in turns.into_iter().flatten() {
                if turn > today {
                    if item.standing(false, turn, 0) != standing {
                        until = Some(until.map_or(turn, |u| u.min(turn)));
                    }
                } else if let Some(eve) = add_days(turn, -1)
                    && item.standing(false, eve, 0) != standing
                {
                    from = Some(from.map_or(turn, |f| f.max(turn)));
                }
            }
        }
        Steady::new(from, until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::vocab::Document;
    use crate::policy::items::ItemControl;

    fn item(key: &str, due: Option<Date>, waived_until: Option<Date>) -> Item {
        let control = ItemControl::new(key.into(), key.to_string().into(), None, false, Vec::new());
        Item {
            document: Document::Onboarding,
            control: control.into(),
            key: key.into(),
            person: None,
            occurrence: None,
            due,
            waived_until,
        }
    }

    /// Over every day of a window, the steady days around a day are exactly the days on
    /// which every standing is the one of that day, for items due, waived, both and
    /// neither, ticked and not.
    #[test]
    fn the_steady_days_are_the_days_the_standings_stand() {
        let day = |n: i64| add_days("2026-12-01".parse().unwrap(), n).unwrap();
        let items = [
            item("a", Some(day(10)), None),
            item("b", Some(day(20)), Some(day(14))),
            item("c", Some(day(5)), Some(day(25))),
            item("d", None, Some(day(30))),
            item("e", None, None),
            item("f", Some(day(16)), None),
            item("g", Some(day(10)), None),
        ];
        let ticked = |item: &Item| &*item.key == "f";
        let mut seen_bounds = 0;
        for today in (-5..45).map(day) {
            let ledger = Ledger::new(&items, ticked, today);
            let steady = ledger.steady(today);
            assert!(steady.holds(today), "{today}");
            for other in (-10..50).map(day) {
                let same = Ledger::new(&items, ticked, other).standings == ledger.standings;
                let around = (steady.from().is_none_or(|f| f <= other))
                    && (steady.until().is_none_or(|u| other < u));
                // The standings may recur after a gap (none here do): the steady days are
                // the unbroken run around `today`.
                assert_eq!(steady.holds(other), around, "{today} {other}");
                if around {
                    assert!(same, "{today} {other}");
                }
            }
            let next = steady
                .until()
                .map(|u| Ledger::new(&items, ticked, u).standings);
            assert_ne!(next.as_ref(), Some(&ledger.standings), "{today}");
            let eve = steady.from().and_then(|f| add_days(f, -1));
            let before = eve.map(|e| Ledger::new(&items, ticked, e).standings);
            assert_ne!(before.as_ref(), Some(&ledger.standings), "{today}");
            seen_bounds +=
                usize::from(steady.from().is_some()) + usize::from(steady.until().is_some());
        }
        assert!(seen_bounds > 60, "{seen_bounds}");
        let all_ticked = Ledger::new(&items, |_| true, day(0)).steady(day(0));
        assert_eq!((all_ticked.from(), all_ticked.until()), (None, None));
        assert!(all_ticked.holds(day(-1000)) && all_ticked.holds(day(1000)));
        assert!(!Steady::NEVER.holds(day(0)));
        assert_eq!((Steady::NEVER.from(), Steady::NEVER.until()), (None, None));
    }
}
