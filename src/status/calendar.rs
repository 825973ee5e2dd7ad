//! An engagement's dated items as an iCalendar file (RFC 5545): one all-day event per item
//! on its due date, with a UID that stays the same from one export to the next (engagement,
//! document and item key), so a calendar that subscribes to the file updates its events
//! instead of adding new ones.

use jiff::civil::Date;

use crate::policy::schedule;
use crate::status::{PageReport, Standing};

/// The calendar's first lines, before its events.
pub fn begin() -> String {
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//charter//engagement checklists//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    .iter()
    .map(|l| fold(l))
    .collect()
}

/// The calendar's last line, after its events.
pub fn end() -> String {
    fold("END:VCALENDAR")
}

/// The events of every dated item of `pages`, one all-day event per item on its due date;
/// `today` stamps them (`DTSTAMP`), so the same wiki on the same day gives the same file.
/// A calendar is [`begin`], the events of its pages (written a few pages at a time), then
/// [`end`].
pub fn events(pages: &[PageReport], today: Date) -> String {
    let mut lines = Vec::new();
    let stamp = format!("{}T000000Z", compact(today));
    for page in pages {
        for item in &page.items {
            let Some(due) = item.due.as_deref().and_then(|d| d.parse::<Date>().ok()) else {
                continue;
            };
            let next = schedule::add_days(due, 1).unwrap_or(due);
            let state = match item.standing {
                Standing::Done => "done",
                Standing::Overdue => "overdue",
                Standing::Waived => "waived",
                Standing::DueSoon | Standing::Open => "open",
            };
            let owners = if item.owners.is_empty() {
                "unassigned".to_string()
            } else {
                item.owners.join(", ")
            };
            lines.extend([
                "BEGIN:VEVENT".to_string(),
                format!(
                    "UID:{}",
                    text(&format!(
                        "{}/{}/{}@charter",
                        page.engagement,
                        page.document.as_str(),
                        item.key
                    ))
                ),
                format!("DTSTAMP:{stamp}"),
                format!("DTSTART;VALUE=DATE:{}", compact(due)),
                format!("DTEND;VALUE=DATE:{}", compact(next)),
                format!(
                    "SUMMARY:{}",
                    text(&format!(
                        "{} {} ({}): {owners}",
                        item.key, item.title, page.engagement
                    ))
                ),
                format!("DESCRIPTION:{}", text(&format!("{state}; {}", item.at))),
                "TRANSP:TRANSPARENT".to_string(),
                "END:VEVENT".to_string(),
            ]);
        }
    }
    lines.iter().map(|l| fold(l)).collect()
}

/// `YYYYMMDD`.
fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (never inside a character), ended by CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::vocab::Document;
    use crate::status::ItemReport;

    /// The whole calendar of `pages`.
    fn ics(pages: &[PageReport], today: Date) -> String {
        [begin(), events(pages, today), end()].concat()
    }

    fn page() -> PageReport {
        let item = |key: &str, due: &str, standing| ItemReport {
            id: key.split(['@', '#']).next().unwrap().to_string(),
            title: "Named account".to_string(),
            key: key.to_string(),
            person: None,
            standing,
            due: Some(due.to_string()),
            owners: vec![
                "Søren Kierkegaard-Østergaard".to_string(),
                "Ann, Jr.".into(),
            ],
            at: "e/onboarding-checklist.md:7".to_string(),
            evidence: Vec::new(),
            missing_evidence: false,
            ticked: None,
        };
        PageReport {
            engagement: "acme".to_string(),
            document: Document::Onboarding,
            path: "e/onboarding-checklist.md".to_string(),
            items: vec![
                item("ACC-SSO-MFA@priya-shah", "2026-12-01", Standing::Done),
                item("ACC-LEAST-PRIV#2026-12-15", "2026-12-15", Standing::Overdue),
            ],
            unidentified: Vec::new(),
            signoffs: Vec::new(),
        }
    }

    #[test]
    fn the_calendar_is_folded_crlf_text_with_the_required_properties_and_stable_uids() {
        let today = Date::constant(2026, 12, 20);
        let ics = ics(&[page()], today);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(
            !ics.replace("\r\n", "").contains(['\r', '\n']),
            "bare line ends"
        );
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = ics.replace("\r\n ", "");
        let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(), 2);
        assert_eq!(lines.iter().filter(|l| **l == "END:VEVENT").count(), 2);
        for required in ["VERSION:2.0", "PRODID:"] {
            assert!(lines.iter().any(|l| l.starts_with(required)), "{required}");
        }
        for property in [
            "UID:",
            "DTSTAMP:20261220T000000Z",
            "DTSTART;VALUE=DATE:",
            "DTEND;",
        ] {
            assert_eq!(
                lines.iter().filter(|l| l.starts_with(property)).count(),
                2,
                "{property}"
            );
        }
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20261215"));
        assert!(lines.contains(&"DTEND;VALUE=DATE:20261216"));
        assert!(unfolded.contains("Ann\\, Jr."), "TEXT commas are escaped");
        let uids: Vec<&&str> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
        assert_eq!(
            uids[0],
            &"UID:acme/onboarding-checklist/ACC-SSO-MFA@priya-shah@charter"
        );
        assert_ne!(uids[0], uids[1]);
        assert_eq!(
            self::ics(&[page()], today),
            ics,
            "the same input gives the same file"
        );
    }
}
