//! The built-in review rules, and the declarative rules packs add.

use crate::input::params::ParamValue;
use crate::input::vocab::{Category, Classification, Severity};
use crate::policy::draft::unfilled_message;
use crate::policy::schedule;
use crate::policy::select::Decision;
use crate::review::overlap::{minutes_text, smallest_overlap};
use crate::review::{Finding, Subject, finding};
use crate::review::{duties, tooling, waivers};

/// A built-in rule.
pub struct Rule {
    /// Stable id, used in reports and SARIF.
    pub id: &'static str,
    /// Severity of its findings (some findings of a rule may differ).
    pub severity: Severity,
    /// What the rule checks, in one line.
    pub title: &'static str,
    /// What to do about a finding, in a sentence or two.
    pub help: &'static str,
    /// The check.
    pub check: fn(&Subject) -> Vec<Finding>,
}

/// Every built-in rule.
pub const RULES: &[Rule] = &[
    Rule {
        id: "role-unfilled",
        severity: Severity::High,
        title: "A role applicable controls need (as owner or in their RACI) is filled by nobody",
        help: "Give the role to a person in the engagement's `people:` (their `roles:` list), or override the control's owner or RACI in an organisation pack. Every applicable control needs someone who owns it.",
        check: role_unfilled,
    },
    Rule {
        id: "raci-accountability",
        severity: Severity::High,
        title: "An activity has no accountable person, several, or no responsible person",
        help: "Each activity needs exactly one person in its accountable role and at least one in its responsible roles: add the role to one person's `roles:`, or remove it from all but one.",
        check: raci_accountability,
    },
    Rule {
        id: "solo-without-backup",
        severity: Severity::High,
        title: "A single vendor person and no named backup engineer",
        help: "With a single vendor person, name someone in the `backup-engineer` role who can take over if that person is unavailable.",
        check: solo_without_backup,
    },
    Rule {
        id: "overlap-too-short",
        severity: Severity::Medium,
        title: "Daily working-hours overlap below the required hours",
        help: "Shift the working hours in `working-hours:` so client and vendor overlap for at least `overlap-hours` a day, or lower the parameter with a reason in an organisation pack.",
        check: overlap_too_short,
    },
    Rule {
        id: "production-access-unprotected",
        severity: Severity::Critical,
        title: "Production access while MFA, vault or least-privilege controls are waived or absent",
        help: "Before granting production access, put MFA (`ACC-SSO-MFA`), the secrets vault (`ACC-VAULT`) and least privilege (`ACC-LEAST-PRIV`) in force: remove their waivers or enable the controls, or set `production-access: false`.",
        check: production_unprotected,
    },
    Rule {
        id: "sensitive-data-unscanned",
        severity: Severity::High,
        title: "Sensitive data or regulations without SAST, DAST and dependency scanning",
        help: "Confidential or regulated work needs SAST (`CI-SAST`), DAST (`CI-DAST`) and dependency scanning (`CI-DEPS`): remove the waivers, enable the controls, or lower the data classification if it was overstated.",
        check: sensitive_unscanned,
    },
    Rule {
        id: "waiver-invalid",
        severity: Severity::High,
        title: "A waiver that is expired, outlives no purpose, lacks approval or names no control",
        help: "Renew or remove the waiver: give it `approved-by` (a security officer or the control's accountable role), `approved-on` and an `expires` date that covers the engagement, and name a control a pack defines.",
        check: waivers::check,
    },
    Rule {
        id: "waiver-self-approved",
        severity: Severity::High,
        title: "A waiver approved by someone who owns or does the waived control",
        help: "Have the waiver approved by someone who neither owns nor carries out the control: another security officer, or the control's accountable role when that is someone else.",
        check: duties::self_approved_waivers,
    },
    Rule {
        id: "signoff-not-separate",
        severity: Severity::High,
        title: "One person holds both the security and the legal sign-off",
        help: "Give the `security-officer` and `client-legal` roles to two people, so that each sign-off is a second pair of eyes.",
        check: duties::one_person_signs_twice,
    },
    Rule {
        id: "vendor-self-attests",
        severity: Severity::High,
        title: "A vendor-side person owns or approves an access control or confirms access in a runbook",
        help: "Let a client-side role own, approve and confirm vendor access (for example the security officer or the platform administrator), in the pack or the runbook step.",
        check: duties::vendor_self_attests,
    },
    Rule {
        id: "contract-after-access",
        severity: Severity::Critical,
        title: "Contract controls not due before the first access is granted",
        help: "Contract controls (NDA, IP assignment) must be due before the first access control: move their `due-days` earlier in an organisation pack, or grant access later.",
        check: contract_after_access,
    },
    Rule {
        id: "dates-inverted",
        severity: Severity::High,
        title: "The engagement starts after it ends",
        help: "Correct `starts` and `ends` so the engagement starts before it ends.",
        check: dates_inverted,
    },
    Rule {
        id: "ended-with-open-items",
        severity: Severity::Medium,
        title: "The engagement is past its end with open items",
        help: "Tick the items that are done, waive those that will not be, or extend `ends` if the engagement goes on.",
        check: ended_with_open_items,
    },
    Rule {
        id: "secret-in-file",
        severity: Severity::Critical,
        title: "Something that looks like a secret in an engagement or pack file",
        help: "Remove the secret from the file, rotate it, and keep it in a secrets vault; the file should name where it lives, never hold it.",
        check: secret_in_file,
    },
    Rule {
        id: "tooling-missing",
        severity: Severity::Medium,
        title: "Runbooks need a tool or contact the engagement does not name, or a person on call has no phone",
        help: "Name the tool under `tooling:` (for production access: `pager` and `incident-channel`) and give each person in an on-call role (a role whose id contains `on-call`) a `phone`, so the incident runbook says where to page and whom to call.",
        check: tooling::tooling_missing,
    },
];

/// Controls whose absence leaves production access unprotected.
const PRODUCTION_GUARDS: [(&str, &str); 3] = [
    ("ACC-SSO-MFA", "MFA"),
    ("ACC-VAULT", "the secrets vault"),
    ("ACC-LEAST-PRIV", "least privilege"),
];
/// Scanning controls sensitive data needs.
const SCANNERS: [(&str, &str); 3] = [
    ("CI-SAST", "SAST"),
    ("CI-DAST", "DAST"),
    ("CI-DEPS", "dependency scanning"),
];
/// Role of the person who covers for a solo vendor.
const BACKUP_ROLE: &str = "backup-engineer";

fn applicable<'a>(s: &'a Subject) -> impl Iterator<Item = &'a Decision<'a>> + 'a {
    s.decisions.iter().filter(|d| d.applies())
}

fn filled(s: &Subject, role: &str) -> usize {
    s.engagement.people_in_role(role).count()
}

fn role_unfilled(s: &Subject) -> Vec<Finding> {
    (s.unfilled_roles.iter())
        .map(|(role, controls)| {
            finding(
                "role-unfilled",
                Severity::High,
                unfilled_message(role, controls),
                s.engagement.people.at.clone(),
            )
        })
        .collect()
}

fn raci_accountability(s: &Subject) -> Vec<Finding> {
    let mut out = Vec::new();
    for a in
        s.policy.activities.iter().filter(|a| {
            crate::policy::select::holds(a.when.as_ref().map(|w| &w.value), s.engagement)
        })
    {
        let accountable = filled(s, &a.raci.accountable.value);
        let responsible: usize = a.raci.responsible.iter().map(|r| filled(s, &r.value)).sum();
        let problem = match (accountable, responsible) {
            (0, _) => format!(
                "no one is accountable (nobody fills `{}`)",
                a.raci.accountable.value
            ),
            (n, _) if n > 1 => format!(
                "{n} people are accountable (all of `{}`); name exactly one",
                a.raci.accountable.value
            ),
            (_, 0) => "no one is responsible (nobody fills its responsible roles)".to_string(),
            _ => continue,
        };
        let message = format!("activity `{}` ({}): {problem}", a.id.value, a.title.value);
        out.push(finding(
            "raci-accountability",
            Severity::High,
            message,
            s.anchor(&a.id.at),
        ));
    }
    out
}

fn solo_without_backup(s: &Subject) -> Vec<Finding> {
    if s.engagement.vendor_people() != 1 || filled(s, BACKUP_ROLE) > 0 {
        return Vec::new();
    }
    let message = format!(
        "one vendor person and no `{BACKUP_ROLE}`: name a backup engineer in the contract and give them the `{BACKUP_ROLE}` role, so absences do not stop delivery"
    );
    vec![finding(
        "solo-without-backup",
        Severity::High,
        message,
        s.engagement.people.at.clone(),
    )]
}

fn overlap_too_short(s: &Subject) -> Vec<Finding> {
    let Some(hours) = &s.engagement.working_hours else {
        return Vec::new();
    };
    let required = match s.policy.values().get("overlap-hours").map(|v| &v.value) {
        Some(ParamValue::Number(n)) => *n,
        Some(ParamValue::Integer(n)) => *n as f64,
        _ => 2.0,
    };
    let e = s.engagement;
    let to = if e.ends.value < e.starts.value {
        // Inverted dates are their own finding; look at the first week meanwhile.
        schedule::add_days(e.starts.value, 6).unwrap_or(e.starts.value)
    } else {
        e.ends.value
    };
    let range = (e.starts.value, to);
    let Some(worst) = smallest_overlap(&hours.client, &hours.vendor, range, &e.calendar) else {
        return Vec::new();
    };
    if worst.minutes as f64 >= required * 60.0 {
        return Vec::new();
    }
    let message = format!(
        "client and vendor working hours overlap only {} on {} (at least {required} hours a day are required on every working day); the worst week is {} to {}; shift one side's hours",
        minutes_text(worst.minutes),
        worst.date,
        worst.week.0,
        worst.week.1,
    );
    vec![finding(
        "overlap-too-short",
        Severity::Medium,
        message,
        hours.vendor.hours.at.clone(),
    )]
}

/// Why a control is not in force, if it is not: absent, not applicable, disabled or waived.
fn not_in_force(s: &Subject, id: &str) -> Option<&'static str> {
    match s.decision(id) {
        None => Some("absent"),
        Some(d) if d.control.disabled.is_some() => Some("disabled"),
        Some(d) if !d.applies() => Some("not applicable"),
        Some(d) if d.active_waiver().is_some() => Some("waived"),
        Some(_) => None,
    }
}

fn production_unprotected(s: &Subject) -> Vec<Finding> {
    if !s.engagement.production_access.value {
        return Vec::new();
    }
    let at = s.engagement.production_access.at.clone();
    PRODUCTION_GUARDS
        .iter()
        .filter_map(|(id, what)| {
            let why = not_in_force(s, id)?;
            let message = format!("production access is granted while {what} (`{id}`) is {why}; enforce it or withdraw production access");
            Some(finding("production-access-unprotected", Severity::Critical, message, at.clone()))
        })
        .collect()
}

fn sensitive_unscanned(s: &Subject) -> Vec<Finding> {
    let e = s.engagement;
    let sensitive = e.data_classification.value >= Classification::Confidential;
    if !sensitive && e.regulations.is_empty() {
        return Vec::new();
    }
    let reason = if sensitive {
        format!("{} data", e.data_classification.value)
    } else {
        "regulations in scope".to_string()
    };
    let at = if sensitive {
        e.data_classification.at.clone()
    } else {
        e.regulations[0].at.clone()
    };
    SCANNERS
        .iter()
        .filter_map(|(id, what)| {
            let why = not_in_force(s, id)?;
            let message = format!("{reason} but {what} (`{id}`) is {why}; make the scan a required check before access is granted");
            Some(finding("sensitive-data-unscanned", Severity::High, message, at.clone()))
        })
        .collect()
}

fn contract_after_access(s: &Subject) -> Vec<Finding> {
    // Working-day due dates can put a contract and an access control on the same day (both
    // on the Friday before a Monday start); on that day the one with the earlier calendar
    // position comes first.
    let due = |d: &Decision| {
        let c = &d.control.control;
        let calendar_day = schedule::add_days(
            schedule::anchor(c.phase.value, s.engagement),
            c.due_days.value,
        )?;
        Some((schedule::due(c, s.engagement)?, calendar_day))
    };
    let first_access = applicable(s)
        .filter(|d| d.control.control.category.value == Category::Access)
        .filter_map(|d| Some((due(d)?, d)))
        .min_by_key(|(date, _)| *date);
    let Some((access_due, first_access)) = first_access else {
        return Vec::new();
    };
    applicable(s)
        .filter(|d| d.control.control.category.value == Category::Contracts)
        .filter_map(|d| Some((due(d)?, d)))
        .filter(|(date, _)| *date >= access_due)
        .map(|((date, _), d)| {
            let c = &d.control.control;
            let message = format!(
                "contract control `{}` is due {date} but access is granted from {} (`{}`); move its due date before access",
                c.id.value,
                access_due.0,
                first_access.control.control.id.value
            );
            finding("contract-after-access", Severity::Critical, message, s.anchor(&c.due_days.at))
        })
        .collect()
}

fn dates_inverted(s: &Subject) -> Vec<Finding> {
    let e = s.engagement;
    if e.starts.value <= e.ends.value {
        return Vec::new();
    }
    let message = format!(
        "the engagement starts on {} but ends on {}; fix one of the dates",
        e.starts.value, e.ends.value
    );
    vec![finding(
        "dates-inverted",
        Severity::High,
        message,
        e.starts.at.clone(),
    )]
}

fn ended_with_open_items(s: &Subject) -> Vec<Finding> {
    let e = s.engagement;
    if s.today <= e.ends.value {
        return Vec::new();
    }
    let open = s.open_items;
    if open == 0 {
        return Vec::new();
    }
    let counted = if s.wiki_read {
        "in the wiki"
    } else {
        "(no wiki given, so every item counts as open)"
    };
    let message = format!(
        "the engagement ended on {} and {open} items are open {counted}; finish offboarding or record why not",
        e.ends.value
    );
    vec![finding(
        "ended-with-open-items",
        Severity::Medium,
        message,
        e.ends.at.clone(),
    )]
}

fn secret_in_file(s: &Subject) -> Vec<Finding> {
    (s.secrets.iter())
        .map(|(at, what)| {
            let message = format!("this looks like {what}; it would be published in the wiki: remove it, rotate it, and keep it in the vault");
            finding("secret-in-file", Severity::Critical, message, at.clone())
        })
        .collect()
}

/// Findings of the packs' declarative rules whose `when` holds.
pub fn pack_rules(s: &Subject) -> Vec<Finding> {
    s.policy
        .review_rules
        .iter()
        .filter(|r| r.when.value.holds(s.engagement))
        .map(|r| {
            finding(
                &r.id.value,
                r.severity.value,
                s.policy.text(&r.message.value),
                s.anchor(&r.id.at),
            )
        })
        .collect()
}
