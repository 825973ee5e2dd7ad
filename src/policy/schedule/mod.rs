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

use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;

use crate::input::engagement::{Calendar, Engagement};
use crate::input::vocab::Phase;
use crate::pack::Control;
use crate::pack::control::Cadence;

mod text;

pub use text::{DueText, date_text, push_count, push_date};

/// Most occurrences a recurring control gets in one engagement; later ones are not listed.
pub const MAX_OCCURRENCES: usize = 120;

/// The date `due-days` count from for a control of `phase`.
pub fn anchor(phase: Phase, engagement: &Engagement) -> Date {
    match phase {
        Phase::Offboarding => engagement.ends.value,
        _ => engagement.starts.value,
    }
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
