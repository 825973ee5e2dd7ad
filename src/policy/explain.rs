//! Explanations: why a control is (or is not) on an engagement's checklists, and which
//! file and line set each of its final values.

use serde::Serialize;

use crate::diag::source::Loc;
use crate::input::decode::Text;
use crate::input::engagement::Engagement;
use crate::input::params;
use crate::pack::Control;
use crate::policy::resolve::Policy;
use crate::policy::schedule;
use crate::policy::select::{Decision, WaiverState};

/// One control, explained.
#[derive(Debug, Serialize)]
pub struct Explanation {
    /// Control id.
    pub id: String,
    /// Final title, parameters filled in.
    pub title: String,
    /// Pack that introduced the control.
    pub pack: String,
    /// Where the control is defined.
    pub defined_at: String,
    /// `applies`, `not-applicable`, `disabled`, `waived` or `required-again`.
    pub status: &'static str,
    /// Why, in words.
    pub reason: String,
    /// The clause, disable or waiver that decided.
    pub decided_at: Option<String>,
    /// The waiver naming the control, if any.
    pub waiver: Option<WaiverInfo>,
    /// Each field's final value and the location that set it.
    pub fields: Vec<FieldValue>,
    /// Parameters the control's texts use, with where their values were set.
    pub parameters: Vec<FieldValue>,
}

/// A waiver, as `explain` shows it.
#[derive(Debug, Serialize)]
pub struct WaiverInfo {
    /// Why the control is waived.
    pub reason: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// Last day it holds.
    pub expires: String,
    /// Whether it has expired.
    pub expired: bool,
    /// Where it is written.
    pub at: String,
}

/// A final value and where it came from.
#[derive(Debug, Serialize)]
pub struct FieldValue {
    /// Field name as written in files.
    pub field: String,
    /// Final value, as text.
    pub value: String,
    /// `path:line:column` of the value.
    pub set_at: String,
    /// Whether a later layer changed it (set in another file than the control).
    pub overridden: bool,
}

/// Explains every control of the policy, in policy order.
pub fn explain_all(
    engagement: &Engagement,
    policy: &Policy,
    decisions: &[Decision],
) -> Vec<Explanation> {
    decisions
        .iter()
        .map(|d| explain(engagement, policy, d))
        .collect()
}

/// Explains one control.
pub fn explain(engagement: &Engagement, policy: &Policy, decision: &Decision) -> Explanation {
    let resolved = decision.control;
    let c = &resolved.control;
    let (status, reason, decided_at) = status(decision);
    Explanation {
        id: c.id.value.clone(),
        title: policy.text(&c.title.value),
        pack: resolved.pack.to_string(),
        defined_at: c.id.at.to_string(),
        status,
        reason,
        decided_at,
        waiver: decision.waiver.map(waiver_info),
        fields: fields(c, engagement, policy),
        parameters: parameters(c, policy),
    }
}

fn status(decision: &Decision) -> (&'static str, String, Option<String>) {
    let verdict = decision.verdict();
    let at = verdict.at.as_ref().map(Loc::to_string);
    if decision.control.disabled.is_some() {
        return ("disabled", verdict.reason, at);
    }
    if !verdict.holds {
        return ("not-applicable", verdict.reason, at);
    }
    match decision.waiver {
        Some(WaiverState::Active(w)) => (
            "waived",
            format!("waived: {}", w.reason),
            Some(w.at.to_string()),
        ),
        Some(WaiverState::Expired(w)) => (
            "required-again",
            format!("applies; its waiver expired on {}", w.expires.value),
            Some(w.at.to_string()),
        ),
        None => ("applies", verdict.reason, at),
    }
}

fn waiver_info(state: WaiverState) -> WaiverInfo {
    let (w, expired) = match state {
        WaiverState::Active(w) => (w, false),
        WaiverState::Expired(w) => (w, true),
    };
    WaiverInfo {
        reason: w.reason.clone(),
        approved_by: w.approved_by.as_ref().map(|a| a.value.clone()),
        expires: w.expires.value.to_string(),
        expired,
        at: w.at.to_string(),
    }
}

fn fields(c: &Control, engagement: &Engagement, policy: &Policy) -> Vec<FieldValue> {
    let home = &c.id.at.source;
    let field = |name: &str, value: String, at: &Loc| FieldValue {
        field: name.to_string(),
        value,
        set_at: at.to_string(),
        overridden: !std::sync::Arc::ptr_eq(&at.source, home),
    };
    let owners: Vec<&str> = engagement
        .people_in_role(&c.owner.value)
        .map(|p| p.name.value.as_str())
        .collect();
    let mut out = vec![
        field("title", policy.text(&c.title.value), &c.title.at),
        field(
            "description",
            policy.text(&c.description.value),
            &c.description.at,
        ),
        field("category", c.category.value.to_string(), &c.category.at),
        field("documents", join(c.documents.value.iter()), &c.documents.at),
        field("phase", c.phase.value.to_string(), &c.phase.at),
        field(
            "due-days",
            format!(
                "{} (due {})",
                c.due_days.value,
                due_text(schedule::due(c, engagement))
            ),
            &c.due_days.at,
        ),
        field(
            "owner",
            format!("{} ({})", c.owner.value, people(&owners)),
            &c.owner.at,
        ),
        field("raci", raci_text(c), &c.raci.at),
        field("evidence", policy.text(&c.evidence.value), &c.evidence.at),
        field("severity", c.severity.value.to_string(), &c.severity.at),
    ];
    if let Some(when) = &c.when {
        out.push(field("when", source_line(&when.at), &when.at));
    }
    out.extend(per_and_every(c, engagement, policy, &field));
    if !c.mappings.value.0.is_empty() {
        let text: Vec<String> = c
            .mappings
            .value
            .0
            .iter()
            .map(|(fw, ids)| format!("{}: {}", fw.value, join(ids.iter().map(|i| &i.value))))
            .collect();
        out.push(field("mappings", text.join("; "), &c.mappings.at));
    }
    out
}

/// `per` (who the control applies to one by one, by name) and `every` (its cadence and
/// how many occurrences the engagement gets), when the control has them.
fn per_and_every(
    c: &Control,
    engagement: &Engagement,
    policy: &Policy,
    field: &dyn Fn(&str, String, &Loc) -> FieldValue,
) -> Vec<FieldValue> {
    let mut out = Vec::new();
    if let (Some(per), Some(names)) = (&c.per, crate::policy::items::per_people(c, engagement)) {
        let text = format!("{} (one item each: {})", per.value, people(&names));
        out.push(field("per", text, &per.at));
    }
    if let (Some(every), Some(cadence)) = (&c.every, crate::policy::items::cadence(c, policy)) {
        let dates = schedule::occurrences(c, cadence, engagement);
        let text = match (dates.first(), dates.last()) {
            (Some(first), Some(last)) => format!(
                "{} ({} occurrences, {first} to {last})",
                policy.text(&every.value),
                dates.len()
            ),
            _ => format!("{} (no occurrence)", policy.text(&every.value)),
        };
        out.push(field("every", text, &every.at));
    }
    out
}

fn parameters(c: &Control, policy: &Policy) -> Vec<FieldValue> {
    let mut names: Vec<&str> = [&c.title, &c.description, &c.evidence]
        .iter()
        .flat_map(|t| params::references(&t.value))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let value = policy.values().get(name)?;
            let declared = policy.params.get(name).map(|d| &d.name.at.source);
            Some(FieldValue {
                field: name.to_string(),
                value: value.value.to_string(),
                set_at: value.at.to_string(),
                overridden: declared.is_some_and(|d| !std::sync::Arc::ptr_eq(d, &value.at.source)),
            })
        })
        .collect()
}

fn raci_text(c: &Control) -> String {
    let r = &c.raci.value;
    let list = |roles: &[crate::diag::source::Located<Text>]| join(roles.iter().map(|r| &r.value));
    let mut parts = vec![
        format!("R: {}", list(&r.responsible)),
        format!("A: {}", r.accountable.value),
    ];
    if !r.consulted.is_empty() {
        parts.push(format!("C: {}", list(&r.consulted)));
    }
    if !r.informed.is_empty() {
        parts.push(format!("I: {}", list(&r.informed)));
    }
    parts.join("; ")
}

fn people(names: &[&str]) -> String {
    if names.is_empty() {
        "nobody fills it".to_string()
    } else {
        names.join(", ")
    }
}

fn join<T: ToString>(items: impl Iterator<Item = T>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// The rest of the source line from a location, as written.
fn source_line(at: &Loc) -> String {
    let text = &at.source.text;
    let start = at.span.start.min(text.len());
    let rest = text.get(start..).unwrap_or_default();
    rest.lines().next().unwrap_or_default().trim().to_string()
}

/// The one-line table of every control: status and why.
pub fn summary_table(explanations: &[Explanation]) -> String {
    let id_width = explanations
        .iter()
        .map(|e| e.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let mut out = format!("{:<id_width$}  {:<14}  WHY\n", "ID", "STATUS");
    for e in explanations {
        let at = e
            .decided_at
            .as_ref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<id_width$}  {:<14}  {}{at}\n",
            e.id, e.status, e.reason
        ));
    }
    out
}

/// The detailed text of one control.
pub fn detail(e: &Explanation) -> String {
    let mut out = format!("{}: {}\n", e.id, e.title);
    out.push_str(&format!(
        "  pack:    {} (defined at {})\n",
        e.pack, e.defined_at
    ));
    let at = e
        .decided_at
        .as_ref()
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    out.push_str(&format!("  status:  {}: {}{at}\n", e.status, e.reason));
    if let Some(w) = &e.waiver {
        let state = if w.expired { "expired on" } else { "until" };
        let by = w.approved_by.as_deref().unwrap_or("nobody");
        out.push_str(&format!(
            "  waiver:  {state} {}, approved by {by}: {} ({})\n",
            w.expires, w.reason, w.at
        ));
    }
    out.push_str("\n  fields:\n");
    for f in &e.fields {
        let mark = if f.overridden { " [override]" } else { "" };
        out.push_str(&format!(
            "    {:<12} {}\n    {:<12} set at {}{mark}\n",
            f.field, f.value, "", f.set_at
        ));
    }
    if !e.parameters.is_empty() {
        out.push_str("\n  parameters:\n");
        for p in &e.parameters {
            let mark = if p.overridden {
                " [changed from the default]"
            } else {
                ""
            };
            out.push_str(&format!(
                "    {} = {} (set at {}{mark})\n",
                p.field, p.value, p.set_at
            ));
        }
    }
    out
}

/// A due date as shown, or why there is none.
pub(crate) fn due_text(due: Option<jiff::civil::Date>) -> String {
    schedule::DueText(due).to_string()
}
