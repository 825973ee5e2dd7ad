//! The `waiver-invalid` rule: expired, early-expiring, unapproved, wrongly approved or
//! dangling waivers.

use crate::diag::source::Loc;
use crate::input::engagement::Waiver;
use crate::input::vocab::Severity;
use crate::review::finding;
use crate::review::{Finding, Subject};

/// Role always entitled to approve waivers (besides the control's accountable role).
const APPROVER_ROLE: &str = "security-officer";

/// Problems of every waiver of the engagement.
pub fn check(s: &Subject) -> Vec<Finding> {
    s.engagement
        .waivers
        .iter()
        .flat_map(|w| waiver_problems(s, w))
        .collect()
}

fn waiver_problems(s: &Subject, w: &Waiver) -> Vec<Finding> {
    let e = s.engagement;
    let mut out = Vec::new();
    let mut add = |severity, message: String, at: &Loc| {
        out.push(finding("waiver-invalid", severity, message, at.clone()))
    };
    let id = &w.control.value;
    let Some(decision) = s.decision(id) else {
        add(
            Severity::High,
            format!(
                "the waiver names `{id}`, which no applied pack defines; fix the id or remove the waiver"
            ),
            &w.control.at,
        );
        return out;
    };
    if w.expires.value < s.today {
        add(
            Severity::High,
            format!(
                "the waiver for `{id}` expired on {}; renew it or do the control",
                w.expires.value
            ),
            &w.expires.at,
        );
    } else if w.expires.value < e.ends.value {
        add(
            Severity::Medium,
            format!(
                "the waiver for `{id}` expires on {}, before the engagement ends on {}; plan the control or a renewal",
                w.expires.value, e.ends.value
            ),
            &w.expires.at,
        );
    }
    match (&w.approved_by, &w.approved_on) {
        (None, _) => add(
            Severity::High,
            format!("the waiver for `{id}` has no `approved-by`; name the person who approved it"),
            &w.at,
        ),
        (_, None) => add(
            Severity::High,
            format!("the waiver for `{id}` has no `approved-on` date"),
            &w.at,
        ),
        (Some(approver), Some(_)) => {
            let accountable = &decision.control.control.raci.value.accountable.value;
            let entitled = e.people.iter().any(|p| {
                p.name.value == approver.value
                    && p.roles
                        .iter()
                        .any(|r| r.value == APPROVER_ROLE || &r.value == accountable)
            });
            if !entitled {
                let message = format!(
                    "`{}` approved the waiver for `{id}` but is neither a `{APPROVER_ROLE}` nor the control's accountable `{accountable}`",
                    approver.value
                );
                add(Severity::High, message, &approver.at);
            }
        }
    }
    out
}
