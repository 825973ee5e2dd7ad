//! When the engagement's people work: the calendar and working-hours fields in, the days
//! nobody works and each side's daily window (its time zone and hours) out.

use jiff::civil::Date;

use crate::diag::Diagnostic;
use crate::diag::source::Located;
use crate::input::decode::{Cx, Decode, Fields};
use crate::input::vocab::Weekday;
use crate::input::yaml::Node;

/// The engagement's working days: the weekend and the holidays, when nobody works.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Calendar {
    /// Days of the week nobody works; Saturday and Sunday when absent.
    #[schemars(default = "default_weekend")]
    pub weekend: Vec<Weekday>,
    /// Dates nobody works (public holidays, company closures); sorted, once each.
    #[schemars(default)]
    pub holidays: Vec<Date>,
}

fn default_weekend() -> Vec<Weekday> {
    vec![Weekday::Saturday, Weekday::Sunday]
}

impl Default for Calendar {
    fn default() -> Calendar {
        Calendar {
            weekend: default_weekend(),
            holidays: Vec::new(),
        }
    }
}

impl Calendar {
    /// Whether `date` is a working day: not a weekend day, not a holiday.
    pub fn works_on(&self, date: Date) -> bool {
        !self.weekend.iter().any(|d| d.civil() == date.weekday())
            && self.holidays.binary_search(&date).is_err()
    }
}

/// Working hours of both sides.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WorkingHours {
    /// The client's hours.
    pub client: Window,
    /// The vendor's hours.
    pub vendor: Window,
}

/// A daily working window in a time zone.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Window {
    /// IANA time zone name, e.g. `Europe/Stockholm`.
    pub tz: Located<String>,
    /// `HH:MM-HH:MM`; a window that ends before it starts (`22:00-06:00`) ends the next day.
    pub hours: Located<String>,
}

impl Window {
    /// The window's time zone, from the IANA database built into charter (not the
    /// system's): the same name means the same rules on every machine, and no folder of
    /// the system's database is listed to find it.
    pub fn zone(&self) -> Option<jiff::tz::TimeZone> {
        static ZONES: std::sync::LazyLock<jiff::tz::TimeZoneDatabase> =
            std::sync::LazyLock::new(jiff::tz::TimeZoneDatabase::bundled);
        ZONES.get(&self.tz.value).ok()
    }
}

impl Decode for Calendar {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Calendar> {
        let mut f = Fields::of(node, "the calendar", cx)?;
        let weekend: Option<Located<Vec<Weekday>>> = f.optional("weekend", cx);
        let holidays: Option<Vec<Date>> = f.optional("holidays", cx);
        f.finish(cx);
        let mut weekend = weekend.map_or_else(default_weekend, |days| {
            if Weekday::ALL.iter().all(|d| days.value.contains(d)) {
                let message = "the weekend cannot be every day of the week";
                let help = "list the days nobody works, e.g. `weekend: [friday, saturday]`";
                cx.diags
                    .push(Diagnostic::error(&days.at, message).with_help(help));
            }
            days.value
        });
        weekend.sort();
        weekend.dedup();
        let mut holidays = holidays.unwrap_or_default();
        holidays.sort();
        holidays.dedup();
        Some(Calendar { weekend, holidays })
    }
}

impl Decode for WorkingHours {
    fn decode(node: &Node, cx: &mut Cx) -> Option<WorkingHours> {
        let mut f = Fields::of(node, "working hours", cx)?;
        let client = f.required("client", cx);
        let vendor = f.required("vendor", cx);
        f.finish(cx);
        Some(WorkingHours {
            client: client?,
            vendor: vendor?,
        })
    }
}

impl Decode for Window {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Window> {
        let mut f = Fields::of(node, "a working-hours window", cx)?;
        let tz: Option<Located<String>> = f.required("tz", cx);
        let hours: Option<Located<String>> = f.required("hours", cx);
        f.finish(cx);
        let window = Window {
            tz: tz?,
            hours: hours?,
        };
        let (tz, hours) = (&window.tz, &window.hours);
        if window.zone().is_none() {
            let message = format!("unknown time zone `{}`", tz.value);
            let help = "use an IANA time zone name, e.g. `Europe/Stockholm` or `Asia/Kolkata`";
            cx.diags
                .push(Diagnostic::error(&tz.at, message).with_help(help));
        }
        if parse_hours(&hours.value).is_none() {
            let message = format!("`{}` is not a working-hours window", hours.value);
            let help = "write the window as HH:MM-HH:MM in the side's time zone, e.g. 09:00-17:00, or 22:00-06:00 for a night shift that ends the next morning";
            cx.diags
                .push(Diagnostic::error(&hours.at, message).with_help(help));
        }
        Some(window)
    }
}

/// Parses `HH:MM-HH:MM` into minutes since midnight (start, end). A window that ends at
/// or before its start runs past midnight (`22:00-06:00`): its end is on the next day,
/// after 24:00. Empty windows (`09:00-09:00`) are refused.
pub fn parse_hours(text: &str) -> Option<(u32, u32)> {
    let (start, end) = text.split_once('-')?;
    let minutes = |t: &str| -> Option<u32> {
        let (h, m) = t.trim().split_once(':')?;
        let digits = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(h) || m.len() != 2 || !digits(m) {
            return None;
        }
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
    };
    let (start, end) = (minutes(start)?, minutes(end)?);
    let end = if end < start { end + 24 * 60 } else { end };
    (end > start && end - start <= 24 * 60 && start < 24 * 60).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_hours_parse_to_minutes() {
        assert_eq!(parse_hours("09:00-17:30"), Some((540, 1050)));
        assert_eq!(parse_hours("9-5"), None);
        assert_eq!(parse_hours("09:00-09:00"), None);
        assert_eq!(parse_hours("24:00-08:00"), None);
        assert_eq!(parse_hours("+9:00-17:00"), None);
        assert_eq!(parse_hours("00:00-24:00"), Some((0, 1440)));
    }

    #[test]
    fn a_window_past_midnight_ends_the_next_day() {
        assert_eq!(parse_hours("22:00-06:00"), Some((1320, 1800)));
        assert_eq!(parse_hours("17:00-09:00"), Some((1020, 1980)));
        assert_eq!(parse_hours("23:30-00:00"), Some((1410, 1440)));
    }
}
