//! Daily working-hours overlap between two time zones, with daylight saving.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::input::engagement::{Window, parse_hours};

/// The smallest overlap, in minutes, over the working days (Monday to Friday) of the
/// `days` days from `from`, and the first date it occurs on.
pub fn smallest_overlap(
    client: &Window,
    vendor: &Window,
    from: Date,
    days: i64,
) -> Option<(i64, Date)> {
    let client_tz = TimeZone::get(&client.tz.value).ok()?;
    let vendor_tz = TimeZone::get(&vendor.tz.value).ok()?;
    let client_hours = parse_hours(&client.hours.value)?;
    let vendor_hours = parse_hours(&vendor.hours.value)?;
    let mut smallest: Option<(i64, Date)> = None;
    for offset in 0..days {
        let date = from.checked_add(offset.days()).ok()?;
        if date.weekday().to_monday_one_offset() > 5 {
            continue;
        }
        let client_window = interval(date, client_hours, &client_tz)?;
        let overlap: i64 = (-1..=1)
            .filter_map(|shift| date.checked_add(shift.days()).ok())
            .filter_map(|d| interval(d, vendor_hours, &vendor_tz))
            .map(|vendor_window| intersection(client_window, vendor_window))
            .sum();
        if smallest.is_none_or(|(minutes, _)| overlap < minutes) {
            smallest = Some((overlap, date));
        }
    }
    smallest
}

/// The window of `date` in `tz`, as seconds since the epoch.
fn interval(date: Date, (start, end): (u32, u32), tz: &TimeZone) -> Option<(i64, i64)> {
    let at = |minutes: u32| -> Option<Timestamp> {
        let base = date.to_datetime(Time::midnight());
        let datetime = base.checked_add((minutes as i64).minutes()).ok()?;
        tz.to_ambiguous_zoned(datetime)
            .compatible()
            .ok()
            .map(|z| z.timestamp())
    };
    Some((at(start)?.as_second(), at(end)?.as_second()))
}

fn intersection((a_start, a_end): (i64, i64), (b_start, b_end): (i64, i64)) -> i64 {
    ((a_end.min(b_end) - a_start.max(b_start)) / 60).max(0)
}

/// `2h30m`-style text.
pub fn minutes_text(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h}h"),
        (0, m) => format!("{m}m"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::source::{Loc, Located, Source};

    fn window(tz: &str, hours: &str) -> Window {
        let at = Loc::file_start(&Source::new("t", ""));
        Window {
            tz: Located::new(tz.into(), at.clone()),
            hours: Located::new(hours.into(), at),
        }
    }

    #[test]
    fn stockholm_and_kolkata_overlap_changes_with_daylight_saving() {
        let client = window("Europe/Stockholm", "09:00-17:00");
        let vendor = window("Asia/Kolkata", "10:00-19:00");
        // Winter: Stockholm is UTC+1, Kolkata UTC+5:30: vendor 10-19 is 05:30-14:30 in Stockholm.
        let winter = smallest_overlap(&client, &vendor, Date::constant(2027, 1, 4), 5).unwrap();
        assert_eq!(winter.0, 5 * 60 + 30);
        // Summer time from 2027-03-28: Stockholm is UTC+2, its day starts an hour earlier in
        // UTC and the overlap grows by an hour; over both weeks the winter week is smallest.
        let summer = smallest_overlap(&client, &vendor, Date::constant(2027, 3, 29), 5).unwrap();
        assert_eq!(summer.0, 6 * 60 + 30);
        let both = smallest_overlap(&client, &vendor, Date::constant(2027, 3, 22), 14).unwrap();
        assert_eq!(both, (5 * 60 + 30, Date::constant(2027, 3, 22)));
    }

    #[test]
    fn opposite_sides_of_the_world_barely_overlap() {
        let client = window("America/Los_Angeles", "09:00-17:00");
        let vendor = window("Asia/Kolkata", "10:00-19:00");
        let (minutes, _) =
            smallest_overlap(&client, &vendor, Date::constant(2027, 1, 4), 5).unwrap();
        assert_eq!(minutes, 0);
        assert_eq!(minutes_text(90), "1h30m");
    }
}
