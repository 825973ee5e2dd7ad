//! Dates and counts as pages show them: a due date ([`DueText`]), a date (`2026-12-01`)
//! and a count in decimal digits, written without the formatter. In: a date or a count;
//! out: its text, appended.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

/// A due date as pages show it: the date (`2026-12-01`), or `outside the calendar` when
/// the date leaves the calendar. It is written, compared and serialized as that text, and
/// made into text only where it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueText(pub Option<Date>);

impl DueText {
    /// What a due date outside the calendar reads.
    const OUTSIDE: &'static str = "outside the calendar";

    /// Appends the text.
    pub fn push_to(&self, out: &mut String) {
        match self.0 {
            Some(date) => push_date(out, date),
            None => out.push_str(DueText::OUTSIDE),
        }
    }

    /// Whether the text sorts as the date does: a date of a year of four digits, which
    /// sorts before the words of no date.
    #[inline]
    fn sorts_as_date(&self) -> bool {
        self.0.is_none_or(|date| (0..=9999).contains(&date.year()))
    }
}

impl std::fmt::Display for DueText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(date) => write!(f, "{date}"),
            None => f.write_str(DueText::OUTSIDE),
        }
    }
}

/// The order of the texts.
impl Ord for DueText {
    #[inline]
    fn cmp(&self, other: &DueText) -> std::cmp::Ordering {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match (self.0, other.0) {
            (Some(a), Some(b)) if self.sorts_as_date() && other.sorts_as_date() => a.cmp(&b),
            // No date's words sort after every date's digits.
            (None, None) => Equal,
            (Some(_), None) if self.sorts_as_date() => Less,
            (None, Some(_)) if other.sorts_as_date() => Greater,
            _ => self.to_string().cmp(&other.to_string()),
        }
    }
}

impl PartialOrd for DueText {
    fn partial_cmp(&self, other: &DueText) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for DueText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `date` as its `Display` writes it (`2026-12-01`), made by [`push_date`].
pub fn date_text(date: Date) -> String {
    let mut text = String::with_capacity(10);
    push_date(&mut text, date);
    text
}

/// Appends `date` as its `Display` writes it (`2026-12-01`), without the formatter's
/// machinery for the years of four digits that every due date has; other years as
/// `Display` writes them.
pub fn push_date(out: &mut String, date: Date) {
    let year = u16::try_from(date.year()).ok().filter(|year| *year <= 9999);
    let Some(year) = year else {
        let _ = write!(out, "{date}");
        return;
    };
    push_digits(out, year, 4);
    out.push('-');
    push_digits(out, date.month() as u16, 2);
    out.push('-');
    push_digits(out, date.day() as u16, 2);
}

/// Appends the last `places` decimal digits of `n`, with leading zeros.
fn push_digits(out: &mut String, n: u16, places: u32) {
    let mut divisor = 10u16.pow(places - 1);
    while divisor > 0 {
        out.push(char::from(b'0' + (n / divisor % 10) as u8));
        divisor /= 10;
    }
}

/// Appends the count `n` in decimal digits, as `Display` writes it, without the
/// formatter (a box's occurrence numbers). Dates take [`push_date`], whose fixed places
/// are written faster.
pub fn push_count(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    /// A date is written as `Display` writes it, in every year there is.
    #[test]
    fn a_date_reads_as_its_display() {
        let mut day = jiff::civil::Date::constant(-9999, 1, 1);
        let days = [1, 7, 30, 365, 3_650, 36_500];
        while day.year() < 9999 {
            assert_eq!(super::date_text(day), day.to_string());
            let step = days[(day.day() as usize) % days.len()];
            day = day
                .checked_add(jiff::Span::new().days(step))
                .unwrap_or(jiff::civil::Date::MAX);
        }
        for day in [
            jiff::civil::Date::MAX,
            jiff::civil::Date::MIN,
            jiff::civil::Date::constant(0, 1, 1),
        ] {
            assert_eq!(super::date_text(day), day.to_string());
        }
    }

    /// A due date reads, and sorts, as its text: dates of every year and no date.
    #[test]
    fn a_due_date_reads_and_sorts_as_its_text() {
        use super::DueText;
        let years = [-9999, -10, -1, 0, 1, 999, 2026, 9999];
        let dates = (years.iter()).flat_map(|&y| {
            [(1, 1), (6, 30), (12, 31)].map(|(m, d)| Some(jiff::civil::Date::constant(y, m, d)))
        });
        let dues: Vec<DueText> = dates.chain([None]).map(DueText).collect();
        // The text a due date was shown as before it had a type.
        let reference = |due: Option<jiff::civil::Date>| {
            due.map_or_else(|| "outside the calendar".to_string(), |d| d.to_string())
        };
        for a in &dues {
            let mut pushed = String::new();
            a.push_to(&mut pushed);
            let text = reference(a.0);
            assert_eq!(
                (pushed.as_str(), a.to_string()),
                (text.as_str(), text.clone())
            );
            for b in &dues {
                let texts = (text.as_str(), reference(b.0));
                assert_eq!(a.cmp(b), texts.0.cmp(&texts.1), "{a} against {b}");
            }
        }
    }

    /// A count reads as `Display` writes it.
    #[test]
    fn a_count_reads_as_its_display() {
        let counts = (0..100_000).chain([usize::MAX / 7, usize::MAX - 1, usize::MAX]);
        for n in counts {
            let mut out = String::from("x");
            super::push_count(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }
}
