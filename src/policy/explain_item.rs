//! Explanations of the items other than controls (runbooks and their steps, metrics,
//! activities, review rules): which pack introduced each, which later layer overrode which
//! field, which disabled it and why, and whether it applies to the engagement.

use serde::Serialize;

use crate::diag::source::Loc;
use crate::input::engagement::Engagement;
use crate::input::when::Condition;
use crate::pack::Kind;
use crate::policy::changes::{Origin, step_key};
use crate::policy::resolve::Policy;

/// One item, explained.
#[derive(Debug, Serialize)]
pub struct ItemExplanation {
    /// What kind of item.
    pub kind: Kind,
    /// Its id (`RUNBOOK/STEP` for a step).
    pub id: String,
    /// Its title as declared (a step's action).
    pub title: String,
    /// The pack that introduced it.
    pub pack: String,
    /// Where it is defined.
    pub defined_at: String,
    /// `applies`, `not-applicable` or `disabled`.
    pub status: &'static str,
    /// Why, in words.
    pub reason: String,
    /// The disable entry or `when` that decided, if any.
    pub decided_at: Option<String>,
    /// Fields later layers set, with the pack and location of the last one.
    pub overrides: Vec<FieldChange>,
    /// A runbook's steps, each explained.
    pub steps: Vec<ItemExplanation>,
}

/// A field a later layer set.
#[derive(Debug, Serialize)]
pub struct FieldChange {
    /// Field name as written in files.
    pub field: String,
    /// The pack that set it last.
    pub pack: String,
    /// `path:line:column` of the value.
    pub set_at: String,
}

/// The items an id names: `KIND:ID` names one kind, a bare id every kind that has it.
pub fn named(policy: &Policy, id: &str) -> Vec<(Kind, String)> {
    let (kind, id) = match id.split_once(':') {
        Some((k, rest)) => match Kind::ALL.iter().find(|x| x.as_str() == k) {
            Some(kind) => (Some(*kind), rest),
            None => (None, id),
        },
        None => (None, id),
    };
    let introduced = policy.changes.introduced().keys();
    introduced
        .filter(|(k, i)| *k != Kind::Control && i == id && kind.is_none_or(|x| x == *k))
        .cloned()
        .collect()
}

/// Every item id `explain` knows besides controls, for suggestions.
pub fn ids(policy: &Policy) -> impl Iterator<Item = &str> {
    let introduced = policy.changes.introduced().keys();
    introduced
        .filter(|(k, _)| *k != Kind::Control)
        .map(|(_, id)| id.as_str())
}

/// The items that later layers overrode or disabled, explained, in kind and id order.
pub fn changed(engagement: &Engagement, policy: &Policy) -> Vec<ItemExplanation> {
    let changes = &policy.changes;
    let overridden = changes.overridden.keys().map(|(k, id, _)| (*k, id));
    let disabled = changes.disabled.keys().map(|(k, id)| (*k, id));
    let mut keys: Vec<(Kind, &String)> = overridden
        .chain(disabled)
        .filter(|(k, _)| *k != Kind::Control)
        .collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|(k, id)| explain(engagement, policy, k, id))
        .collect()
}

/// Explains one item; `None` when no pack declares it.
pub fn explain(
    engagement: &Engagement,
    policy: &Policy,
    kind: Kind,
    id: &str,
) -> Option<ItemExplanation> {
    let origin = policy.changes.introduced().get(&(kind, id.to_string()))?;
    let (status, reason, decided_at) = status(engagement, policy, kind, id);
    let overrides = policy
        .changes
        .overrides_of(kind, id)
        .into_iter()
        .map(|(field, pack, at)| FieldChange {
            field: field.to_string(),
            pack: pack.to_string(),
            set_at: at.to_string(),
        })
        .collect();
    Some(ItemExplanation {
        kind,
        id: id.to_string(),
        title: policy.text(&origin.title),
        pack: origin.pack.to_string(),
        defined_at: origin.at.to_string(),
        status,
        reason,
        decided_at,
        overrides,
        steps: steps(engagement, policy, kind, id),
    })
}

/// A runbook's steps as declared (disabled ones too), explained.
fn steps(engagement: &Engagement, policy: &Policy, kind: Kind, id: &str) -> Vec<ItemExplanation> {
    if kind != Kind::Runbook {
        return Vec::new();
    }
    let prefix = step_key(id, "");
    let mut steps: Vec<(&String, &Origin)> = policy
        .changes
        .introduced()
        .iter()
        .filter(|((k, i), _)| *k == Kind::Step && i.starts_with(&prefix))
        .map(|((_, i), origin)| (i, origin))
        .collect();
    steps.sort_by_key(|(_, origin)| origin.at.span.start);
    steps
        .into_iter()
        .filter_map(|(i, _)| explain(engagement, policy, Kind::Step, i))
        .collect()
}

fn status(
    engagement: &Engagement,
    policy: &Policy,
    kind: Kind,
    id: &str,
) -> (&'static str, String, Option<String>) {
    if let Some((pack, d)) = policy.changes.disabled_of(kind, id) {
        let reason = format!("disabled by pack `{pack}`: {}", d.reason.value.trim());
        return ("disabled", reason, Some(d.reason.at.to_string()));
    }
    let when = match kind {
        Kind::Step => {
            let runbook = id.split_once('/').map_or(id, |(r, _)| r);
            return match status(engagement, policy, Kind::Runbook, runbook) {
                ("applies", ..) => ("applies", "its runbook applies".into(), None),
                (other, reason, at) => (other, format!("its runbook: {reason}"), at),
            };
        }
        _ => when_of(policy, kind, id),
    };
    match when {
        None => (
            "applies",
            "applies to every engagement (no `when`)".into(),
            None,
        ),
        Some((condition, at)) => {
            let verdict = condition.eval(engagement);
            let status = if verdict.holds {
                "applies"
            } else {
                "not-applicable"
            };
            let at = verdict.at.unwrap_or(at.clone());
            (status, verdict.reason, Some(at.to_string()))
        }
    }
}

/// The `when` of an active item, with where it is written.
fn when_of<'p>(policy: &'p Policy, kind: Kind, id: &str) -> Option<(&'p Condition, &'p Loc)> {
    let when = match kind {
        Kind::Runbook => policy
            .runbooks
            .iter()
            .find(|r| r.id.value == id)?
            .when
            .as_ref(),
        Kind::Metric => policy
            .metrics
            .iter()
            .find(|m| m.id.value == id)?
            .when
            .as_ref(),
        Kind::Activity => {
            let activity = policy.activities.iter().find(|a| a.id.value == id)?;
            activity.when.as_ref()
        }
        Kind::ReviewRule => {
            let rule = policy.review_rules.iter().find(|r| r.id.value == id)?;
            Some(&rule.when)
        }
        Kind::Control | Kind::Step => None,
    }?;
    Some((&when.value, &when.at))
}

/// The detailed text of one item.
pub fn detail(e: &ItemExplanation) -> String {
    let mut out = format!("{} {}: {}\n", e.kind, e.id, one_line(&e.title));
    out.push_str(&format!(
        "  pack:    {} (defined at {})\n",
        e.pack, e.defined_at
    ));
    out.push_str(&format!("  status:  {}: {}{}\n", e.status, e.reason, at(e)));
    if !e.overrides.is_empty() {
        out.push_str("\n  overridden:\n");
        for f in &e.overrides {
            out.push_str(&format!(
                "    {:<12} set at {} by pack `{}`\n",
                f.field, f.set_at, f.pack
            ));
        }
    }
    if !e.steps.is_empty() {
        out.push_str("\n  steps:\n");
        for s in &e.steps {
            let step = s.id.split_once('/').map_or(s.id.as_str(), |(_, s)| s);
            let changed: Vec<&str> = s.overrides.iter().map(|f| f.field.as_str()).collect();
            let changed = match changed.is_empty() {
                true => String::new(),
                false => format!("; overridden: {}", changed.join(", ")),
            };
            out.push_str(&format!("    {step:<24} {}{}{changed}\n", s.status, at(s)));
        }
    }
    out
}

/// The table of items later layers changed, under the controls' table.
pub fn summary_table(items: &[ItemExplanation]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let width = items.iter().map(|e| e.id.len()).max().unwrap_or(2).max(2);
    let mut out = format!(
        "\nChanged by later packs:\n{:<12} {:<width$}  {:<14}  WHAT\n",
        "KIND", "ID", "STATUS"
    );
    for e in items {
        let what = match e.status {
            "disabled" => format!("{}{}", e.reason, at(e)),
            _ => {
                let fields: Vec<String> = e
                    .overrides
                    .iter()
                    .map(|f| format!("{} (pack `{}`, {})", f.field, f.pack, f.set_at))
                    .collect();
                format!("overridden: {}", fields.join(", "))
            }
        };
        out.push_str(&format!(
            "{:<12} {:<width$}  {:<14}  {what}\n",
            e.kind.as_str(),
            e.id,
            e.status
        ));
    }
    out
}

fn at(e: &ItemExplanation) -> String {
    e.decided_at
        .as_ref()
        .map(|a| format!(" ({a})"))
        .unwrap_or_default()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
