//! Where an engagement's items stood at its last build, as the wiki's record keeps it: the
//! days over which those standings hold ([`Steady`]), the counts the home page shows, and
//! a check that binds them to the entry's digests.
//!
//! In: a build's steady days and progress, or the record's JSON. Out: the same, written as
//! `"standings": {"from": "2026-11-20", "until": "2026-12-01", "done": 3, "overdue": 0,
//! "items": 120, "check": "…"}` (`from` or `until` left out when there is no such day), and
//! read back only when the check agrees with the entry's digests: a record merged by hand
//! from two branches' builds may hold one build's digests and another's standings, and a
//! build must not take the counts of pages it did not find.

use std::borrow::Cow;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::policy::items::Progress;
use crate::policy::ledger::Steady;

/// An entry's standings and the check that ties them to its digests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standings {
    steady: Steady,
    progress: Progress,
    check: u64,
}

impl Standings {
    /// Standings that stand on no day and count nothing: a place holder where none are
    /// known.
    pub const NONE: Standings = Standings {
        steady: Steady::NEVER,
        progress: Progress {
            done: 0,
            total: 0,
            overdue: 0,
        },
        check: 0,
    };

    /// The standings of a build whose digests (inputs, pages, files) are `digests`.
    pub fn new(steady: Steady, progress: Progress, digests: [Option<u64>; 3]) -> Standings {
        Standings {
            steady,
            progress,
            check: check(steady, progress, digests),
        }
    }

    /// The steady days and the counts, when they were written with these digests.
    pub fn of(&self, digests: [Option<u64>; 3]) -> Option<(Steady, Progress)> {
        let agrees = self.check == check(self.steady, self.progress, digests);
        agrees.then_some((self.steady, self.progress))
    }
}

/// A digest of the standings and of the entry's digests.
fn check(steady: Steady, progress: Progress, digests: [Option<u64>; 3]) -> u64 {
    let mut hash = crate::fingerprint::Fnv::default();
    for digest in digests {
        hash.write(&[u8::from(digest.is_some())]);
        hash.write_u64(digest.unwrap_or_default());
    }
    for day in [steady.from(), steady.until()] {
        hash.write_str(&day.map(|d| d.to_string()).unwrap_or_default());
    }
    for count in [progress.done, progress.overdue, progress.total] {
        hash.write(&count.to_le_bytes());
    }
    hash.finish()
}

/// The standings as the record's JSON writes them. Every field may be missing from a
/// record read, so that standings with a field left out are not known (rather than the
/// record not read): only `from` and `until` are left out when written.
#[derive(Serialize, Deserialize)]
struct Written<'a> {
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    from: Option<Cow<'a, str>>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    until: Option<Cow<'a, str>>,
    #[serde(default)]
    done: Option<u32>,
    #[serde(default)]
    overdue: Option<u32>,
    #[serde(default)]
    items: Option<u32>,
    #[serde(default, borrow)]
    check: Option<Cow<'a, str>>,
}

impl Serialize for Standings {
    fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        let day = |day: Option<Date>| day.map(|d| Cow::Owned(d.to_string()));
        Written {
            from: day(self.steady.from()),
            until: day(self.steady.until()),
            done: Some(self.progress.done),
            overdue: Some(self.progress.overdue),
            items: Some(self.progress.total),
            check: Some(Cow::Owned(format!("{:016x}", self.check))),
        }
        .serialize(out)
    }
}

/// Standings with a field missing, or whose days or check do not read, are not known:
/// `None`, as for a record written before it kept them.
pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Option<Standings>, D::Error> {
    let Some(written) = Option::<Written>::deserialize(input)? else {
        return Ok(None);
    };
    let day = |text: &Option<Cow<str>>| match text {
        Some(text) => text.parse::<Date>().ok().map(Some),
        None => Some(None),
    };
    let read = || {
        let steady = Steady::new(day(&written.from)?, day(&written.until)?);
        let text = written.check.as_deref()?;
        let check = u64::from_str_radix(text, 16).ok()?;
        let progress = Progress {
            done: written.done?,
            overdue: written.overdue?,
            total: written.items?,
        };
        (text.len() == 16).then_some(Standings {
            steady,
            progress,
            check,
        })
    };
    Ok(read())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn standings_read_back_only_with_the_digests_they_were_written_with() {
        let steady = Steady::new(Some(day("2026-11-20")), None);
        let progress = Progress {
            done: 3,
            total: 120,
            overdue: 2,
        };
        let digests = [Some(1), Some(2), None];
        let standings = Standings::new(steady, progress, digests);
        let text = serde_json::to_string(&standings).unwrap();
        assert!(
            text.starts_with(r#"{"from":"2026-11-20","done":3,"overdue":2,"items":120,"check":""#)
        );
        let read = deserialize(&mut serde_json::Deserializer::from_str(&text)).unwrap();
        assert_eq!(read, Some(standings));
        assert_eq!(standings.of(digests), Some((steady, progress)));
        assert_eq!(standings.of([Some(1), Some(2), Some(3)]), None);
        assert_eq!(standings.of([Some(1), None, None]), None);
        let other = Standings::new(
            steady,
            Progress {
                done: 4,
                ..progress
            },
            digests,
        );
        assert_ne!(other.check, standings.check);
        for bad in [
            text.replace("2026-11-20", "2026-13-20"),
            text.replace("\"check\":\"", "\"check\":\"z"),
            text.replace("\"check\":\"", "\"check\":\"0"),
            text.replace("\"done\":3,", ""),
            text.replace(",\"check\":", ",\"checked\":"),
        ] {
            let read = deserialize(&mut serde_json::Deserializer::from_str(&bad)).unwrap();
            assert_eq!(read, None, "{bad}");
        }
    }
}
