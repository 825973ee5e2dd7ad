//! The `tooling-missing` rule: what the incident runbook needs but the engagement does not
//! name (with production access: a pager, an incident channel, someone with a phone), and
//! each person in an on-call role without a phone.

use crate::input::vocab::Severity;
use crate::review::{Finding, Subject, finding};

/// Findings of `tooling-missing`.
pub fn tooling_missing(s: &Subject) -> Vec<Finding> {
    let mut out = on_call_without_phone(s);
    out.extend(incident_tools_missing(s));
    out
}

/// Roles whose holders are paged: those whose id says `on-call` (`on-call-lead`).
fn is_on_call(role: &str) -> bool {
    role.contains("on-call")
}

fn on_call_without_phone(s: &Subject) -> Vec<Finding> {
    let people = s.engagement.people.iter().filter(|p| p.phone.is_none());
    people
        .filter_map(|p| {
            let role = p.roles.iter().find(|r| is_on_call(&r.value))?;
            let message = format!(
                "{} holds the on-call role `{}` but has no `phone`; add one so the people paging can call",
                p.name.value, role.value
            );
            Some(finding("tooling-missing", Severity::Medium, message, p.name.at.clone()))
        })
        .collect()
}

fn incident_tools_missing(s: &Subject) -> Vec<Finding> {
    let e = s.engagement;
    if !e.production_access.value {
        return Vec::new();
    }
    let mut missing = Vec::new();
    if e.tooling.pager.is_none() {
        missing.push("no `tooling.pager` to page the on-call person through");
    }
    if e.tooling.incident_channel.is_none() {
        missing.push("no `tooling.incident-channel` to handle incidents in");
    }
    if !e.people.iter().any(|p| p.phone.is_some()) {
        missing.push("no person with a `phone` to call");
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let message = format!(
        "production access is granted but the incident runbook has {}",
        missing.join(", ")
    );
    vec![finding(
        "tooling-missing",
        Severity::Medium,
        message,
        e.production_access.at.clone(),
    )]
}
