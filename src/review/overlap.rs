//! Daily working-hours overlap between two time zones, over every working day of the
//! engagement, with daylight saving and windows that run past midnight.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

use crate::input::engagement::{Calendar, Window, parse_hours};
use crate::policy::schedule;

/// Minutes in a civil day.
const MINUTES_A_DAY: u32 = 24 * 60;

/// Seconds in a civil day (of a clock as if its zone were UTC).
const SECONDS_A_DAY: i64 = 24 * 60 * 60;

/// Days looked at, at most: ten years of an engagement.
const MAX_DAYS: i64 = 3660;

/// Days on either side of a client's day whose vendor window can meet it: time zones
/// differ by up to 26 hours, and a window can run past midnight.
const NEAR: i64 = 2;

/// The working day with the smallest overlap, and the week it falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Worst {
    /// Overlap on that day, in minutes.
    pub minutes: i64,
    /// The (first) day with the smallest overlap.
    pub date: Date,
    /// The first and last day of its week (Monday to Sunday, within the days looked at).
    pub week: (Date, Date),
}

/// The smallest overlap over the working days of `calendar` from `from` to `to` (both
/// included, at most [`MAX_DAYS`] days), a day being the client's working day in the
/// client's time zone, matched against the vendor's windows of the vendor's working days.
pub fn smallest_overlap(
    client: &Window,
    vendor: &Window,
    (from, to): (Date, Date),
    calendar: &Calendar,
) -> Option<Worst> {
    let client_tz = client.zone()?;
    let vendor_tz = vendor.zone()?;
    let (mut client_zone, mut vendor_zone) = (Zone::new(&client_tz), Zone::new(&vendor_tz));
    let client_hours = parse_hours(&client.hours.value)?;
    let vendor_hours = parse_hours(&vendor.hours.value)?;
    let days = (from.until(to).ok()?.get_days() as i64 + 1).clamp(0, MAX_DAYS);
    // Each day from two days before `from` to two after the last, whether people work on
    // it, and the second its midnight starts at as if its zone were UTC (a day after
    // another, 86,400 seconds after it): each worked out once.
    let dates: Vec<Option<Date>> = (-NEAR..0)
        .map(|offset| schedule::add_days(from, offset))
        .chain(days_from(from, days + NEAR))
        .collect();
    let working: Vec<bool> = (dates.iter())
        .map(|date| date.is_some_and(|date| calendar.works_on(date)))
        .collect();
    let midnights = midnights(&dates);
    // The vendor's window of each of those days: a client's day is matched against the
    // five around it.
    let vendor_windows: Vec<Option<(i64, i64)>> = (dates.iter().zip(&working).enumerate())
        .map(|(k, (date, works))| {
            let date = (*date)?;
            works.then_some(())?;
            interval(date, midnights[k]?, vendor_hours, &mut vendor_zone)
        })
        .collect();
    let mut smallest: Option<(i64, Date)> = None;
    let near = vendor_windows.windows(2 * NEAR as usize + 1);
    for (k, near) in (NEAR as usize..)
        .zip(near)
        .take(usize::try_from(days).unwrap_or(0))
    {
        let date = dates[k]?;
        if !working[k] {
            continue;
        }
        let client_window = interval(date, midnights[k]?, client_hours, &mut client_zone)?;
        let overlap: i64 = near
            .iter()
            .flatten()
            .map(|vendor_window| intersection(client_window, *vendor_window))
            .sum();
        if smallest.is_none_or(|(minutes, _)| overlap < minutes) {
            smallest = Some((overlap, date));
        }
    }
    let (minutes, date) = smallest?;
    let monday = date
        .checked_sub((date.weekday().to_monday_zero_offset() as i64).days())
        .unwrap_or(date);
    let sunday = monday.checked_add(6.days()).unwrap_or(date);
    let last = from.checked_add((days - 1).days()).unwrap_or(to);
    Some(Worst {
        minutes,
        date,
        week: (monday.max(from), sunday.min(last)),
    })
}

/// The second each date's midnight starts at as if its zone were UTC (`None` where it
/// falls outside the instants there are). `dates` follow one another where they are
/// dates: when the first and the last have a midnight, so has every one between, a day
/// after the one before.
fn midnights(dates: &[Option<Date>]) -> Vec<Option<i64>> {
    let midnight = |date: Date| {
        let midnight = Offset::UTC.to_timestamp(date.to_datetime(Time::midnight()));
        midnight.ok().map(|m| m.as_second())
    };
    let ends = (dates.first().copied().flatten()).zip(dates.last().copied().flatten());
    match ends.and_then(|(first, last)| midnight(first).zip(midnight(last))) {
        Some((first, _)) => (0..dates.len())
            .map(|k| Some(first + k as i64 * SECONDS_A_DAY))
            .collect(),
        None => dates.iter().map(|date| date.and_then(midnight)).collect(),
    }
}

/// `count` days from `from` on, one after another (`None` past the last date there is): a
/// day on is found without a span's arithmetic, which was most of the rule's cost.
fn days_from(from: Date, count: i64) -> impl Iterator<Item = Option<Date>> {
    let next = |day: &Option<Date>| Some(day.and_then(|d| d.tomorrow().ok()));
    std::iter::successors(Some(Some(from)), next).take(usize::try_from(count).unwrap_or(0))
}

/// The window of `date` in `zone`, as seconds since the epoch; `midnight` is the second
/// the date's midnight starts at as if the zone were UTC.
fn interval(
    date: Date,
    midnight: i64,
    (start, end): (u32, u32),
    zone: &mut Zone,
) -> Option<(i64, i64)> {
    let mut at = |minutes: u32| -> Option<i64> {
        // The civil clock's time, as seconds as if the zone were UTC ...
        let local = midnight + i64::from(minutes) * 60;
        // ... and as a date and time (the next day's for a window that runs past
        // midnight), made only when the zone is asked.
        let civil = || {
            let day = schedule::add_days(date, i64::from(minutes / MINUTES_A_DAY))?;
            let minutes = minutes % MINUTES_A_DAY;
            let time = Time::new((minutes / 60) as i8, (minutes % 60) as i8, 0, 0).ok()?;
            Some(day.to_datetime(time))
        };
        zone.instant(local, civil)
    };
    Some((at(start)?, at(end)?))
}

/// Seconds on either side of a time zone's transitions within which [`Zone`] asks the
/// zone: two days, more than any two offsets differ (26 hours).
const NEAR_TRANSITION: i64 = 2 * 24 * 60 * 60;

/// A time zone turning civil times into instants as `compatible()` does, remembering the
/// stretch between two of its transitions where the last answer fell. Well inside that
/// stretch (two days from either end) a civil time has exactly one instant, the civil time
/// less the stretch's offset: any other reading would be an instant less than 26 hours
/// away, so inside the same stretch, with the same offset. Near a transition, or outside
/// the stretch, the zone is asked, and its answer's stretch remembered.
struct Zone<'z> {
    tz: &'z TimeZone,
    /// The first and last instants (seconds) of the remembered stretch, less two days at
    /// each end, and its offset in seconds.
    stretch: Option<(i64, i64, i64)>,
}

impl<'z> Zone<'z> {
    fn new(tz: &'z TimeZone) -> Zone<'z> {
        Zone { tz, stretch: None }
    }

    /// The instant (seconds since the epoch) of a civil time in the zone, as `compatible()`
    /// gives it: `local` is the civil time's seconds as if the zone were UTC, `civil` makes
    /// it as a date and time when the zone must be asked.
    fn instant(&mut self, local: i64, civil: impl FnOnce() -> Option<DateTime>) -> Option<i64> {
        if let Some((first, last, offset)) = self.stretch {
            let instant = local - offset;
            if (first..=last).contains(&instant) {
                return Some(instant);
            }
        }
        let instant = self.tz.to_ambiguous_timestamp(civil()?).compatible().ok()?;
        self.stretch = self.stretch_of(instant);
        Some(instant.as_second())
    }

    /// The stretch `instant` falls in, margins taken off (none when they meet).
    fn stretch_of(&self, instant: Timestamp) -> Option<(i64, i64, i64)> {
        let offset = i64::from(self.tz.to_offset(instant).seconds());
        // The transition at or before the instant (tz transitions fall on whole seconds),
        // and the one after it.
        let next_second = instant.checked_add(1.second()).ok()?;
        let before = self.tz.preceding(next_second).next();
        let after = self.tz.following(instant).next();
        let first = before.map_or(i64::MIN, |t| t.timestamp().as_second() + NEAR_TRANSITION);
        let last = after.map_or(i64::MAX, |t| t.timestamp().as_second() - NEAR_TRANSITION);
        (first <= last).then_some((first, last, offset))
    }
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

    fn days(from: Date, count: i64) -> (Date, Date) {
        (from, from.checked_add((count - 1).days()).unwrap())
    }

    fn smallest(client: &Window, vendor: &Window, range: (Date, Date)) -> Worst {
        smallest_overlap(client, vendor, range, &Calendar::default()).unwrap()
    }

    #[test]
    fn midnights_are_each_dates_own_even_at_the_ends_of_time() {
        let each = |dates: &[Option<Date>]| -> Vec<Option<i64>> {
            let midnight = |d: Date| Offset::UTC.to_timestamp(d.to_datetime(Time::midnight()));
            (dates.iter())
                .map(|d| d.and_then(|d| midnight(d).ok()).map(|m| m.as_second()))
                .collect()
        };
        let near_end = Date::MAX.checked_sub(3.days()).unwrap();
        for from in [
            Date::MIN,
            Date::MIN.tomorrow().unwrap(),
            Date::constant(2027, 3, 26),
        ]
        .into_iter()
        .chain([near_end, Date::MAX])
        {
            let dates: Vec<Option<Date>> = (-NEAR..0)
                .map(|offset| schedule::add_days(from, offset))
                .chain(days_from(from, 10))
                .collect();
            assert_eq!(midnights(&dates), each(&dates), "{from}");
        }
    }

    #[test]
    fn stockholm_and_kolkata_overlap_changes_with_daylight_saving() {
        let client = window("Europe/Stockholm", "09:00-17:00");
        let vendor = window("Asia/Kolkata", "10:00-19:00");
        // Winter: Stockholm is UTC+1, Kolkata UTC+5:30: vendor 10-19 is 05:30-14:30 in Stockholm.
        let winter = smallest(&client, &vendor, days(Date::constant(2027, 1, 4), 5));
        assert_eq!(winter.minutes, 5 * 60 + 30);
        // Summer time from 2027-03-28: Stockholm is UTC+2, its day starts an hour earlier in
        // UTC and the overlap grows by an hour; over both weeks the winter week is smallest.
        let summer = smallest(&client, &vendor, days(Date::constant(2027, 3, 29), 5));
        assert_eq!(summer.minutes, 6 * 60 + 30);
        let both = smallest(&client, &vendor, days(Date::constant(2027, 3, 22), 14));
        assert_eq!(both.minutes, 5 * 60 + 30);
        assert_eq!(both.date, Date::constant(2027, 3, 22));
        assert_eq!(
            both.week,
            (Date::constant(2027, 3, 22), Date::constant(2027, 3, 28))
        );
    }

    #[test]
    fn opposite_sides_of_the_world_barely_overlap() {
        let client = window("America/Los_Angeles", "09:00-17:00");
        let vendor = window("Asia/Kolkata", "10:00-19:00");
        let worst = smallest(&client, &vendor, days(Date::constant(2027, 1, 4), 5));
        assert_eq!(worst.minutes, 0);
        assert_eq!(minutes_text(90), "1h30m");
    }

    #[test]
    fn a_manila_night_shift_serves_chicago_all_year() {
        let client = window("America/Chicago", "09:00-17:00");
        let vendor = window("Asia/Manila", "22:00-06:00");
        // Manila is UTC+8 all year: the shift is 14:00-22:00 UTC. Chicago's day is
        // 15:00-23:00 UTC in winter (7h overlap), 14:00-22:00 UTC in summer (8h).
        let year = (Date::constant(2027, 1, 4), Date::constant(2027, 12, 17));
        let worst = smallest(&client, &vendor, year);
        assert_eq!(worst.minutes, 7 * 60);
        assert_eq!(worst.date, Date::constant(2027, 1, 4));
        let summer = smallest(&client, &vendor, days(Date::constant(2027, 6, 7), 5));
        assert_eq!(summer.minutes, 8 * 60);
        // Monday in Chicago is met by Manila's Monday night shift, not Sunday's.
        let monday = smallest(&client, &vendor, days(Date::constant(2027, 6, 7), 1));
        assert_eq!(monday.minutes, 8 * 60);
    }

    #[test]
    fn a_daylight_saving_change_late_in_the_engagement_is_found() {
        // Berlin 09:00-17:00 is 08:00-16:00 UTC in winter and 07:00-15:00 UTC from
        // 2027-03-28; Bogota (UTC-5, no daylight saving) 08:00-17:00 is 13:00-22:00 UTC.
        // The overlap is 3h for the first eleven weeks, then 2h.
        let client = window("Europe/Berlin", "09:00-17:00");
        let vendor = window("America/Bogota", "08:00-17:00");
        let engagement = (Date::constant(2027, 1, 11), Date::constant(2027, 4, 30));
        let first_weeks = smallest(&client, &vendor, days(engagement.0, 28));
        assert_eq!(first_weeks.minutes, 3 * 60);
        let worst = smallest(&client, &vendor, engagement);
        assert_eq!(worst.minutes, 2 * 60);
        assert_eq!(worst.date, Date::constant(2027, 3, 29));
        assert_eq!(
            worst.week,
            (Date::constant(2027, 3, 29), Date::constant(2027, 4, 4))
        );
    }

    #[test]
    fn holidays_and_the_engagement_weekend_are_not_working_days() {
        let client = window("Europe/Stockholm", "09:00-17:00");
        let vendor = window("Asia/Kolkata", "10:00-19:00");
        let range = days(Date::constant(2027, 1, 2), 2); // Saturday and Sunday
        assert_eq!(
            smallest_overlap(&client, &vendor, range, &Calendar::default()),
            None
        );
        let inverted = (Date::constant(2027, 1, 8), Date::constant(2027, 1, 4));
        assert_eq!(
            smallest_overlap(&client, &vendor, inverted, &Calendar::default()),
            None
        );
    }

    /// Every quarter hour of three years, in zones with daylight saving either way, half-hour
    /// and 30-minute shifts, a skipped day and none at all: the remembered stretch gives
    /// the instant the zone gives, in gaps and folds too.
    #[test]
    fn a_zone_gives_the_instant_the_time_zone_gives_at_every_quarter_hour() {
        for name in [
            "Europe/Stockholm",
            "Europe/Dublin",
            "America/New_York",
            "America/St_Johns",
            "America/Santiago",
            "Australia/Lord_Howe",
            "Pacific/Apia",
            "Africa/Casablanca",
            "Asia/Kolkata",
            "UTC",
        ] {
            let tz = window(name, "09:00-17:00").zone().unwrap();
            let mut zone = Zone::new(&tz);
            let mut day = Date::constant(2010, 12, 1);
            for _ in 0..3 * 366 {
                for quarter in 0..96 {
                    let time = Time::new((quarter / 4) as i8, (quarter % 4 * 15) as i8, 0, 0);
                    let civil = day.to_datetime(time.unwrap());
                    let expected = tz.to_ambiguous_timestamp(civil).compatible().unwrap();
                    let local = Offset::UTC.to_timestamp(civil).unwrap().as_second();
                    let instant = zone.instant(local, || Some(civil));
                    assert_eq!(instant, Some(expected.as_second()), "{name} {civil}");
                }
                day = day.tomorrow().unwrap();
            }
        }
    }
}
