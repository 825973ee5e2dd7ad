//! Dates: the one rule that gives a control its due date, and where an item stands on a day.
//!
//! A control is due `due-days` after its anchor: the engagement's end for offboarding
//! controls, its start for every other phase. A date that falls on a day nobody works (a
//! weekend day or a holiday of the engagement's calendar) moves to the working day before
//! it. Rendering, explain, the review, the home page
//! and status all ask this module; none computes a date of its own.
//!
//! A recurring control (`every`) is due first on that date, then once per period up to the
//! engagement's end: every occurrence is listed, past and future, so a page does not change
//! with the day it is built on, and a missed one stays overdue until it is ticked.

use std::fmt::Write as _;

use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;

use crate::input::engagement::{Calendar, Engagement};
use crate::input::vocab::Phase;
use crate::pack::Control;
use crate::pack::control::Cadence;

/// Most occurrences a recurring control gets in one engagement; later ones are not listed.
pub const MAX_OCCURRENCES: usize = 120;

/// The date `due-days` count from for a control of `phase`.
pub fn anchor(phase: Phase, engagement: &Engagement) -> Date {
    match phase {
        Phase::Offboarding => engagement.ends.value,
        _ => engagement.starts.value,
    }
}

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

/// `base` moved by `days`, or `None` when the result leaves the calendar. No day, the day
/// after and the day before (every item's standing, the steady days around a build) are
/// found without a span's arithmetic.
pub fn add_days(base: Date, days: i64) -> Option<Date> {
    match days {
        0 => Some(base),
        1 => base.tomorrow().ok(),
        -1 => base.yesterday().ok(),
        _ => base.checked_add(Span::new().try_days(days).ok()?).ok(),
    }
}

/// The control's due date for the engagement: `due-days` from the anchor, moved back to a
/// working day; `None` when it leaves the calendar.
pub fn due(control: &Control, engagement: &Engagement) -> Option<Date> {
    working_day_on_or_before(calendar_due(control, engagement)?, &engagement.calendar)
}

/// The control's due date before it is moved to a working day.
fn calendar_due(control: &Control, engagement: &Engagement) -> Option<Date> {
    add_days(
        anchor(control.phase.value, engagement),
        control.due_days.value,
    )
}

/// `date` if people work on it, else the closest working day before it; `None` when the
/// search leaves the calendar or finds no working day (a weekend of every day, which the
/// engagement's validation refuses). Each step back passes a holiday or a weekend day, so
/// the search ends within `holidays + 7` steps whatever the input.
pub fn working_day_on_or_before(date: Date, calendar: &Calendar) -> Option<Date> {
    let mut day = date;
    for _ in 0..=calendar.holidays.len() + 7 {
        if calendar.works_on(day) {
            return Some(day);
        }
        day = day.yesterday().ok()?;
    }
    None
}

/// The due dates of a control that recurs with `cadence`: its calendar due date, then one
/// per period while the date is on or before the engagement's end (at most
/// [`MAX_OCCURRENCES`]), each moved to a working day as [`due`] moves a single date
/// (two that land on one working day count once). A month step keeps the first date's
/// day, or the month's last day.
pub fn occurrences(control: &Control, cadence: Cadence, engagement: &Engagement) -> Vec<Date> {
    let Some(first) = calendar_due(control, engagement) else {
        return Vec::new();
    };
    let mut dates: Vec<Date> = occurrences_until(first, cadence, engagement.ends.value)
        .into_iter()
        .filter_map(|date| working_day_on_or_before(date, &engagement.calendar))
        .collect();
    dates.dedup();
    dates
}

fn occurrences_until(first: Date, cadence: Cadence, end: Date) -> Vec<Date> {
    let end = end.max(first);
    let mut dates = Vec::new();
    for k in 0..MAX_OCCURRENCES as i64 {
        let next = match cadence {
            Cadence::Days(days) => add_days(first, days.saturating_mul(k)),
            Cadence::Months(months) => Span::new()
                .try_months(months.saturating_mul(k))
                .ok()
                .and_then(|span| first.checked_add(span).ok()),
        };
        match next {
            Some(date) if date <= end => dates.push(date),
            _ => break,
        }
    }
    dates
}

/// Where an item stands on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Ticked.
    Done,
    /// Not ticked and its due date has passed.
    Overdue,
    /// Not ticked and due within the look-ahead window.
    DueSoon,
    /// Not ticked, and a waiver holds today.
    Waived,
    /// Not ticked, due later (or without a due date).
    Open,
}

/// Where an item stands on `today`, looking `within` days ahead.
pub fn standing(checked: bool, due: Option<Date>, today: Date, within: i64) -> Standing {
    let limit = add_days(today, within);
    match due {
        _ if checked => Standing::Done,
        Some(due) if due < today => Standing::Overdue,
        Some(due) if limit.is_none_or(|limit| due <= limit) => Standing::DueSoon,
        _ => Standing::Open,
    }
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

    #[test]
    fn cadences_parse_and_unknown_ones_do_not() {
        assert_eq!(Cadence::parse("14d"), Some(Cadence::Days(14)));
        assert_eq!(Cadence::parse("2w"), Some(Cadence::Days(14)));
        assert_eq!(Cadence::parse("monthly"), Some(Cadence::Months(1)));
        assert_eq!(Cadence::parse("quarterly"), Some(Cadence::Months(3)));
        for bad in ["0d", "d", "14", "fortnight", "-3d", "99999d"] {
            assert_eq!(Cadence::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn occurrences_run_from_the_first_due_date_to_the_end() {
        let end = Date::constant(2027, 3, 31);
        let first = Date::constant(2026, 12, 1);
        let days = occurrences_until(first, Cadence::Days(14), end);
        assert_eq!(days.len(), 9);
        assert_eq!(days[1], Date::constant(2026, 12, 15));
        assert!(days.iter().all(|d| *d <= end));
        let months = occurrences_until(Date::constant(2027, 1, 31), Cadence::Months(1), end);
        let shown: Vec<String> = months.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown, ["2027-01-31", "2027-02-28", "2027-03-31"]);
        let late = occurrences_until(Date::constant(2027, 5, 1), Cadence::Days(1), end);
        assert_eq!(
            late,
            [Date::constant(2027, 5, 1)],
            "a first date past the end still counts once"
        );
        let daily = occurrences_until(first, Cadence::Days(1), Date::constant(2030, 1, 1));
        assert_eq!(daily.len(), MAX_OCCURRENCES);
    }

    use super::*;
    use crate::input::vocab::Weekday;

    #[test]
    fn due_dates_count_calendar_days_from_the_anchor() {
        let starts = Date::constant(2026, 12, 1);
        let on = |days| add_days(starts, days).map(|d| d.to_string());
        assert_eq!(on(-5).as_deref(), Some("2026-11-26"));
        assert_eq!(on(0).as_deref(), Some("2026-12-01"));
        assert_eq!(on(31).as_deref(), Some("2027-01-01"));
        assert_eq!(
            add_days(Date::constant(2028, 2, 28), 1),
            Some(Date::constant(2028, 2, 29))
        );
    }

    #[test]
    fn a_day_count_past_the_calendar_has_no_date_rather_than_a_panic() {
        let starts = Date::constant(2026, 12, 1);
        assert_eq!(add_days(starts, 8_000_000), None);
        assert_eq!(add_days(starts, i64::MAX), None);
        assert_eq!(add_days(starts, i64::MIN), None);
    }

    fn calendar(weekend: &[Weekday], holidays: &[Date]) -> Calendar {
        Calendar {
            weekend: weekend.to_vec(),
            holidays: holidays.to_vec(),
        }
    }

    #[test]
    fn a_date_on_a_weekend_moves_to_the_friday_before() {
        let usual = Calendar::default();
        let saturday = Date::constant(2026, 12, 5);
        let friday = Date::constant(2026, 12, 4);
        assert_eq!(working_day_on_or_before(saturday, &usual), Some(friday));
        assert_eq!(
            working_day_on_or_before(Date::constant(2026, 12, 6), &usual),
            Some(friday)
        );
        assert_eq!(working_day_on_or_before(friday, &usual), Some(friday));
    }

    #[test]
    fn a_holiday_moves_too_past_the_weekend_before_it() {
        // 2026-12-28 is a Monday: holiday, then back over the weekend to Friday 25th...
        // also a holiday, so Thursday the 24th.
        let holidays = [Date::constant(2026, 12, 25), Date::constant(2026, 12, 28)];
        let with = calendar(&[Weekday::Saturday, Weekday::Sunday], &holidays);
        assert_eq!(
            working_day_on_or_before(Date::constant(2026, 12, 28), &with),
            Some(Date::constant(2026, 12, 24))
        );
    }

    #[test]
    fn custom_weekend_days_are_skipped_instead() {
        let gulf = calendar(&[Weekday::Friday, Weekday::Saturday], &[]);
        // Saturday 2026-12-05 -> Thursday 3rd; Sunday is a working day there.
        assert_eq!(
            working_day_on_or_before(Date::constant(2026, 12, 5), &gulf),
            Some(Date::constant(2026, 12, 3))
        );
        let sunday = Date::constant(2026, 12, 6);
        assert_eq!(working_day_on_or_before(sunday, &gulf), Some(sunday));
        let none = calendar(&[], &[]);
        assert_eq!(working_day_on_or_before(sunday, &none), Some(sunday));
    }

    #[test]
    fn no_calendar_makes_the_search_loop_or_panic() {
        let every_day = calendar(Weekday::ALL, &[]);
        assert_eq!(
            working_day_on_or_before(Date::constant(2026, 12, 5), &every_day),
            None
        );
        let first = Date::MIN;
        let usual = Calendar::default();
        let found = working_day_on_or_before(first, &usual);
        assert!(found.is_none_or(|d| d == first));
        // A year of holidays in a row: the search walks past all of them and stops.
        let year: Vec<Date> = (0..366)
            .filter_map(|n| add_days(Date::constant(2026, 1, 1), n))
            .collect();
        let closed = calendar(&[], &year);
        assert_eq!(
            working_day_on_or_before(Date::constant(2027, 1, 1), &closed),
            Some(Date::constant(2025, 12, 31))
        );
    }

    #[test]
    fn standing_compares_the_due_date_with_today() {
        let due = Some(Date::constant(2026, 12, 1));
        let on = |y, m, d| standing(false, due, Date::constant(y, m, d), 7);
        assert_eq!(on(2026, 12, 2), Standing::Overdue);
        assert_eq!(on(2026, 12, 1), Standing::DueSoon);
        assert_eq!(on(2026, 11, 24), Standing::DueSoon);
        assert_eq!(on(2026, 11, 23), Standing::Open);
        let late = Date::constant(2027, 1, 1);
        assert_eq!(standing(true, due, late, 7), Standing::Done);
        assert_eq!(standing(false, due, late, i64::MAX), Standing::Overdue);
    }
}
