//! Dates: the one rule that gives a control its due date, and where an item stands on a day.
//!
//! A control is due `due-days` after its anchor: the engagement's end for offboarding
//! controls, its start for every other phase. Rendering, explain, the review, the home page
//! and status all ask this module; none computes a date of its own.

use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;

use crate::input::engagement::Engagement;
use crate::input::vocab::Phase;
use crate::pack::Control;

/// The date `due-days` count from for a control of `phase`.
pub fn anchor(phase: Phase, engagement: &Engagement) -> Date {
    match phase {
        Phase::Offboarding => engagement.ends.value,
        _ => engagement.starts.value,
    }
}

/// `base` moved by `days`, or `None` when the result leaves the calendar.
pub fn add_days(base: Date, days: i64) -> Option<Date> {
    let span = Span::new().try_days(days).ok()?;
    base.checked_add(span).ok()
}

/// The control's due date for the engagement, or `None` when it leaves the calendar.
pub fn due(control: &Control, engagement: &Engagement) -> Option<Date> {
    add_days(
        anchor(control.phase.value, engagement),
        control.due_days.value,
    )
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
    use super::*;

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
