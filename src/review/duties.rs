//! Separation of duties: nobody approves an exception to their own work, the security and
//! the legal sign-off come from two people, and the vendor side never attests its own
//! access.

use crate::diag::source::{Loc, Located};
use crate::input::decode::Text;
use crate::input::engagement::Person;
use crate::input::vocab::{Category, Severity, Side};
use crate::policy::select;
use crate::review::{Finding, Subject, finding};

/// The two sign-offs of the pre-engagement review that must come from different people.
const SEPARATE_SIGNERS: (&str, &str) = ("security-officer", "client-legal");

/// `waiver-self-approved`: the approver holds the waived control's owner or a responsible
/// role, so they would be excusing their own work.
pub fn self_approved_waivers(s: &Subject) -> Vec<Finding> {
    let mut out = Vec::new();
    for waiver in &s.engagement.waivers {
        let (Some(approver), Some(decision)) =
            (&waiver.approved_by, s.decision(&waiver.control.value))
        else {
            continue;
        };
        let control = &decision.control.control;
        let duties = std::iter::once(&control.owner).chain(&control.raci.value.responsible);
        let held = s
            .engagement
            .people
            .iter()
            .filter(|p| p.name.value == approver.value)
            .find_map(|p| duties.clone().find(|d| holds(p, &d.value)));
        if let Some(role) = held {
            let message = format!(
                "`{}` approved the waiver for `{}` but holds its `{}` role, so they excuse their own work; have it approved by someone entitled to who neither owns nor does the control",
                approver.value, control.id.value, role.value
            );
            out.push(finding(
                "waiver-self-approved",
                Severity::High,
                message,
                approver.at.clone(),
            ));
        }
    }
    out
}

/// `signoff-not-separate`: one person signs both the security and the legal sign-off.
pub fn one_person_signs_twice(s: &Subject) -> Vec<Finding> {
    let (security, legal) = SEPARATE_SIGNERS;
    s.engagement
        .people
        .iter()
        .filter(|p| holds(p, security) && holds(p, legal))
        .map(|p| {
            let second = p
                .roles
                .iter()
                .filter(|r| r.value == security || r.value == legal)
                .max_by_key(|r| r.at.span.start)
                .map_or_else(|| p.name.at.clone(), |r| r.at.clone());
            let message = format!(
                "`{}` is both `{security}` and `{legal}`, so one person would sign the security and the legal sign-off; give one of the roles to someone else",
                p.name.value
            );
            finding("signoff-not-separate", Severity::High, message, second)
        })
        .collect()
}

/// `vendor-self-attests`: a vendor-side person owns or is accountable for an access control,
/// or does a runbook step that approves or confirms access.
pub fn vendor_self_attests(s: &Subject) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in s.decisions.iter().filter(|d| d.applies()) {
        let c = &d.control.control;
        if c.category.value != Category::Access {
            continue;
        }
        let roles = [
            ("owns", &c.owner),
            ("is accountable for", &c.raci.value.accountable),
        ];
        for (duty, role) in roles {
            if let Some((person, held)) = vendor_holder(s, &role.value) {
                let message = format!(
                    "`{}` of the vendor side {duty} access control `{}` through the `{}` role, so the vendor would attest its own access; give the role to a client person",
                    person.name.value, c.id.value, role.value
                );
                out.push(attest(message, role, held));
                break;
            }
        }
    }
    for runbook in &s.policy.runbooks {
        if !select::holds(runbook.when.as_ref().map(|w| &w.value), s.engagement) {
            continue;
        }
        for step in &runbook.steps {
            // The role first: reading the step's words is the dearer test.
            let holder = vendor_holder(s, &step.role.value);
            let attesting = holder.filter(|_| attests_access(&step.action.value));
            if let Some((person, held)) = attesting {
                let message = format!(
                    "in runbook `{}`, `{}` of the vendor side approves or confirms access as `{}`; the client side must do that step",
                    runbook.id.value, person.name.value, step.role.value
                );
                out.push(attest(message, &step.role, held));
            }
        }
    }
    out
}

/// A `vendor-self-attests` finding: at the pack's field, or at the person's role in the
/// engagement when the field is in a built-in pack.
fn attest(message: String, field: &Located<Text>, held: &Loc) -> Finding {
    let at = if field.at.source.is_builtin() {
        held.clone()
    } else {
        field.at.clone()
    };
    finding("vendor-self-attests", Severity::High, message, at)
}

fn holds(person: &Person, role: &str) -> bool {
    person.roles.iter().any(|r| r.value == role)
}

/// The first vendor-side person holding `role`, and where the engagement gives it to them.
fn vendor_holder<'a>(s: &'a Subject, role: &str) -> Option<(&'a Person, &'a Loc)> {
    s.engagement
        .people
        .iter()
        .filter(|p| p.side.value == Side::Vendor)
        .find_map(|p| Some((p, &p.roles.iter().find(|r| r.value == role)?.at)))
}

/// Whether a step's text approves, attests or confirms access: in one clause, a verb of
/// approval and an access word.
pub fn attests_access(text: &str) -> bool {
    let lower = text.to_lowercase();
    // Most steps name no access at all: no clause of theirs needs splitting into words.
    if !["access", "grant", "permission"]
        .iter()
        .any(|word| lower.contains(word))
    {
        return false;
    }
    lower.split([';', '.', ':']).any(|clause| {
        let words: Vec<&str> = clause
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        let verb = words.iter().enumerate().any(|(i, w)| {
            ["approv", "attest", "certif", "confirm", "sign-off"]
                .iter()
                .any(|v| w.starts_with(v) && !w.starts_with("certificate"))
                || (*w == "sign" && words.get(i + 1) == Some(&"off"))
        });
        let access = words
            .iter()
            .any(|w| *w == "access" || w.starts_with("grant") || w.starts_with("permission"));
        verb && access
    })
}

#[cfg(test)]
mod tests {
    use super::attests_access;

    #[test]
    fn approving_or_confirming_access_is_attesting_it() {
        assert!(attests_access("Approve the access for each new engineer."));
        assert!(attests_access(
            "Confirm that every grant matches the request"
        ));
        assert!(attests_access("Sign off the permissions review"));
        assert!(!attests_access(
            "Confirm the person can sign in and reach what the request lists; ask for anything missing with a new access request, never by borrowing another person's access."
        ));
        assert!(!attests_access(
            "Return client devices and tokens, and send the signed deletion certificate."
        ));
        assert!(attests_access("Approve the access request"));
    }
}
