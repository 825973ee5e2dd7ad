//! The engagement file: who, what, when, which packs, and the engagement's own choices
//! (parameter values and waivers).

use std::sync::Arc;

use jiff::civil::Date;

use crate::diag::Diagnostic;
use crate::diag::source::{Loc, Located, Source};
use crate::input::decode::{Cx, Decode, Entries, Fields};
use crate::input::params::RawValue;
pub use crate::input::tooling::Tooling;
use crate::input::vocab::{Classification, DataCategory, Model, Regulation, Side, Stage, Weekday};
use crate::input::yaml::Node;

/// One engagement, as written in its file.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Engagement {
    /// The file it was read from.
    #[schemars(skip)]
    pub source: Arc<Source>,
    /// Stable id; names the engagement's folder in the wiki.
    pub id: Located<String>,
    /// The company bringing in outside developers.
    pub client: String,
    /// The outside developers' organisation, or the freelancer's name.
    pub vendor: String,
    /// What is being built.
    pub project: String,
    /// Engagement model.
    pub model: Located<Model>,
    /// Product stage.
    pub stage: Located<Stage>,
    /// First day of the engagement.
    pub starts: Located<Date>,
    /// Last day of the engagement.
    pub ends: Located<Date>,
    /// Most sensitive data the vendor side can reach.
    pub data_classification: Located<Classification>,
    /// Regulations in scope (`gdpr`, `pci-dss`, `hipaa`...).
    #[schemars(default)]
    pub regulations: Vec<Located<Regulation>>,
    /// Kinds of personal data the vendor side can reach (`contact`, `health`, `children`...).
    #[schemars(default)]
    pub data_categories: Vec<Located<DataCategory>>,
    /// Whether the vendor side gets access to production.
    pub production_access: Located<bool>,
    /// Working hours of both sides, for overlap planning.
    #[schemars(default)]
    pub working_hours: Option<WorkingHours>,
    /// Which days are worked: due dates and the overlap review skip the others.
    #[schemars(default)]
    pub calendar: Calendar,
    /// Everyone involved, on both sides.
    pub people: Located<Vec<Person>>,
    /// Repositories the vendor side works in.
    #[schemars(default)]
    pub repositories: Vec<Located<String>>,
    /// Environments the vendor side can reach.
    #[schemars(default)]
    pub environments: Vec<Located<String>>,
    /// The tools the engagement runs on; runbooks and checklists name them.
    #[schemars(default)]
    pub tooling: Tooling,
    /// Packs to apply, in order (`builtin:core`, `./policies/acme.yaml`, `builtin:core@^1`).
    pub packs: Vec<Located<String>>,
    /// Parameter values set by the engagement.
    #[schemars(default)]
    pub parameters: Entries<RawValue>,
    /// Approved exceptions to controls.
    #[schemars(default)]
    pub waivers: Vec<Waiver>,
    /// Why text that looks like a secret (a token, a key, a password) may be published in
    /// the wiki; without it, a build refuses such text (docs/security.md).
    #[schemars(default)]
    pub publish_secrets: Option<Located<String>>,
}

/// One person of the engagement.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Person {
    /// Full name, as it should appear in documents.
    pub name: Located<String>,
    /// Client or vendor.
    pub side: Located<Side>,
    /// Roles the person fills (declared by a pack).
    pub roles: Vec<Located<String>>,
    /// Optional contact address.
    #[schemars(default)]
    pub email: Option<String>,
    /// Chat handle, e.g. `@priya`.
    #[schemars(default)]
    pub chat: Option<String>,
    /// Phone number, for people on call.
    #[schemars(default)]
    pub phone: Option<String>,
}

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

/// An approved, expiring exception to one control.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Waiver {
    /// Where the waiver is written.
    #[schemars(skip)]
    pub at: Loc,
    /// The waived control's id.
    pub control: Located<String>,
    /// Why the control is waived.
    pub reason: String,
    /// The person who approved it.
    #[schemars(default)]
    pub approved_by: Option<Located<String>>,
    /// When it was approved.
    #[schemars(default)]
    pub approved_on: Option<Located<Date>>,
    /// Last day the waiver holds.
    pub expires: Located<Date>,
    /// What risk is accepted, optionally.
    #[schemars(default)]
    pub risk: Option<String>,
}

impl Engagement {
    /// Where the engagement file at `path` writes its id, read again: a run keeps ids, not
    /// the files' text, and only an error about an id needs its place. `None` when the
    /// file no longer reads.
    pub fn id_place(path: &std::path::Path) -> Option<Loc> {
        let mut unused = crate::diag::Diagnostics::default();
        let engagement = crate::input::read(path, &mut unused, Engagement::decode)?;
        Some(engagement.id.at)
    }

    /// Decodes an engagement from its parsed file.
    pub fn decode(root: &Node, cx: &mut Cx) -> Option<Engagement> {
        let mut f = Fields::of(root, "the engagement", cx)?;
        let id = f.required("id", cx).and_then(|id| check_id(id, cx));
        let client = f.required("client", cx);
        let vendor = f.required("vendor", cx);
        let project = f.required("project", cx);
        let model = f.required("model", cx);
        let stage = f.required("stage", cx);
        let starts = f.required("starts", cx);
        let ends = f.required("ends", cx);
        let data_classification = f.required("data-classification", cx);
        let regulations = f.optional("regulations", cx).unwrap_or_default();
        let data_categories = f.optional("data-categories", cx).unwrap_or_default();
        let production_access = f.required("production-access", cx);
        let working_hours = f.optional("working-hours", cx);
        let calendar = f.optional("calendar", cx).unwrap_or_default();
        let people = f.required("people", cx);
        let repositories = f.optional("repositories", cx).unwrap_or_default();
        let environments = f.optional("environments", cx).unwrap_or_default();
        let tooling = f.optional("tooling", cx).unwrap_or_default();
        let packs = f.required("packs", cx);
        let parameters = f.optional("parameters", cx).unwrap_or_default();
        let waivers = f.optional("waivers", cx).unwrap_or_default();
        let publish_secrets = f.optional("publish-secrets", cx);
        f.finish(cx);
        // Facts that failed to decode are already reported; placeholders let the later
        // stages still check roles, packs and parameters, so one run reports everything.
        let here = cx.loc(root);
        let or = |value: Option<String>| value.unwrap_or_default();
        let date = Date::constant(2000, 1, 1);
        Some(Engagement {
            source: Arc::clone(cx.source),
            id: id?,
            client: or(client),
            vendor: or(vendor),
            project: or(project),
            model: or_placeholder(model, Model::Freelancer, &here),
            stage: or_placeholder(stage, Stage::Mvp, &here),
            starts: or_placeholder(starts, date, &here),
            ends: or_placeholder(ends, date, &here),
            data_classification: or_placeholder(data_classification, Classification::Public, &here),
            regulations,
            data_categories,
            production_access: or_placeholder(production_access, false, &here),
            working_hours,
            calendar,
            people: people?,
            repositories,
            environments,
            tooling,
            packs: packs?,
            parameters,
            waivers,
            publish_secrets,
        })
    }

    /// People of the engagement who fill `role`, in file order.
    pub fn people_in_role<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a Person> + 'a {
        self.people
            .iter()
            .filter(move |p| p.roles.iter().any(|r| r.value == role))
    }

    /// Number of people on the vendor side.
    pub fn vendor_people(&self) -> usize {
        self.people
            .iter()
            .filter(|p| p.side.value == Side::Vendor)
            .count()
    }
}

/// The decoded value, or a stand-in at `at` when decoding failed (and was reported).
fn or_placeholder<T>(value: Option<Located<T>>, stand_in: T, at: &Loc) -> Located<T> {
    value.unwrap_or_else(|| Located::new(stand_in, at.clone()))
}

/// Engagement ids name folders: lowercase letters, digits and single hyphens.
fn check_id(id: Located<String>, cx: &mut Cx) -> Option<Located<String>> {
    if is_safe_id(&id.value) {
        return Some(id);
    }
    let message = format!("`{}` cannot be used as an engagement id", id.value);
    let help = "use 1-64 lowercase letters, digits and hyphens, starting with a letter or digit (e.g. `acme-payments-mvp`)";
    cx.fail(
        Diagnostic::error(&id.at, message)
            .with_label("names the output folder")
            .with_help(help),
    )
}

/// Whether `id` is safe to use as a folder and page name on every platform.
pub fn is_safe_id(id: &str) -> bool {
    let mut chars = id.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    first_ok
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--")
        && !is_windows_device(id)
}

/// Names Windows reserves for devices, which no file or folder may have.
fn is_windows_device(name: &str) -> bool {
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.chars().all(|c| ('1'..='9').contains(&c)))
    };
    ["con", "prn", "aux", "nul"].contains(&name) || numbered("com") || numbered("lpt")
}

impl Decode for Person {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Person> {
        let mut f = Fields::of(node, "a person", cx)?;
        let name = f.required("name", cx);
        let side = f.required("side", cx);
        let roles = f.required("roles", cx);
        let email = f.optional("email", cx);
        let chat = f.optional("chat", cx);
        let phone = f.optional("phone", cx);
        f.finish(cx);
        Some(Person {
            name: name?,
            side: side?,
            roles: roles?,
            email,
            chat,
            phone,
        })
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

impl Decode for Waiver {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Waiver> {
        let mut f = Fields::of(node, "a waiver", cx)?;
        let control = f.required("control", cx);
        let reason = f.required("reason", cx);
        let approved_by = f.optional("approved-by", cx);
        let approved_on = f.optional("approved-on", cx);
        let expires = f.required("expires", cx);
        let risk = f.optional("risk", cx);
        f.finish(cx);
        Some(Waiver {
            at: cx.loc(node),
            control: control?,
            reason: reason?,
            approved_by,
            approved_on,
            expires: expires?,
            risk,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_escape_the_output_folder_are_refused() {
        for bad in [
            "../x", "/etc", "a/b", "A", "con", "com7", "lpt1", "x-", "", "a--b", "a b",
        ] {
            assert!(!is_safe_id(bad), "{bad} accepted");
        }
        for good in [
            "acme-payments-mvp",
            "x1",
            "2027-retainer",
            "com10",
            "console",
        ] {
            assert!(is_safe_id(good), "{good} refused");
        }
    }

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
