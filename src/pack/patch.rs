//! What a later layer changes in the packs it builds on, as one mechanism for every kind of
//! item: an override names one item by kind and id (`control: CON-NDA`,
//! `runbook: RB-INCIDENT`, `step: RB-INCIDENT/open-incident`, `metric: KPI-MTTR`,
//! `activity: ACT-CONTRACT`, `review-rule: ORG-CHANGE-BOARD`) and the fields it sets; a
//! disable names one the same way and says why. The fields each kind accepts are in
//! [`super::patches`]; a field the kind does not have is an unknown field, located.

use crate::diag::Diagnostic;
use crate::diag::source::Located;
use crate::input::decode::{Cx, Decode, Fields, keys};
use crate::input::yaml::Node;
use crate::keywords;
use crate::pack::control::ControlPatch;
use crate::pack::patches::{ActivityPatch, MetricPatch, ReviewRulePatch, RunbookPatch, StepPatch};
use crate::pack::setters::check_step_target;

keywords! {
    /// The kinds of item a pack declares and a later layer may override or disable.
    pub enum Kind ("kind of item") {
        /// A checklist item.
        Control = "control",
        /// A step-by-step procedure.
        Runbook = "runbook",
        /// One step of a runbook, named `RUNBOOK/STEP`.
        Step = "step",
        /// An SLA or KPI.
        Metric = "metric",
        /// A RACI row.
        Activity = "activity",
        /// A declarative review rule.
        ReviewRule = "review-rule",
    }
}

impl Kind {
    /// The kind in words, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Control => "control",
            Kind::Runbook => "runbook",
            Kind::Step => "runbook step",
            Kind::Metric => "metric",
            Kind::Activity => "activity",
            Kind::ReviewRule => "review rule",
        }
    }
}

/// The item an override or a disable names.
#[derive(Clone, Debug)]
pub struct Target {
    /// What kind of item.
    pub kind: Kind,
    /// Its id (`RUNBOOK/STEP` for a step), where it is written.
    pub id: Located<String>,
}

impl Target {
    /// A step's runbook id and step id; `None` for other kinds.
    pub fn step_parts(&self) -> Option<(&str, &str)> {
        (self.kind == Kind::Step)
            .then(|| self.id.value.split_once('/'))
            .flatten()
    }
}

/// One entry of `overrides:`: the fields it sets on one item of an earlier pack.
#[derive(Clone, Debug)]
pub enum Override {
    /// Fields of a control (`control: ID`, or `id: ID` as first written).
    Control(Box<ControlPatch>),
    /// Fields of a runbook.
    Runbook(RunbookPatch),
    /// Fields of one runbook step.
    Step(StepPatch),
    /// Fields of a metric.
    Metric(MetricPatch),
    /// Fields of an activity.
    Activity(ActivityPatch),
    /// Fields of a review rule.
    ReviewRule(ReviewRulePatch),
}

impl Override {
    /// The item the override changes.
    pub fn target(&self) -> Target {
        let (kind, id) = match self {
            Override::Control(p) => (Kind::Control, &p.id),
            Override::Runbook(p) => (Kind::Runbook, &p.runbook),
            Override::Step(p) => (Kind::Step, &p.step),
            Override::Metric(p) => (Kind::Metric, &p.metric),
            Override::Activity(p) => (Kind::Activity, &p.activity),
            Override::ReviewRule(p) => (Kind::ReviewRule, &p.review_rule),
        };
        Target {
            kind,
            id: id.clone(),
        }
    }
}

/// The key an entry names its item with: the kind's word, or `id` for a control.
fn target_key(node: &Node, what: &str, cx: &mut Cx) -> Option<(Kind, &'static str)> {
    let written = keys(node);
    let named: Vec<(Kind, &'static str)> = Kind::ALL
        .iter()
        .map(|k| (*k, k.as_str()))
        .chain(what.eq("an override").then_some((Kind::Control, "id")))
        .filter(|(_, key)| written.iter().any(|w| w == key))
        .collect();
    match named.as_slice() {
        [one] => Some(*one),
        [] => {
            let message = format!("{what} names no item");
            let help = "start it with `control: ID`, `runbook: ID`, `step: RUNBOOK/STEP`, `metric: ID`, `activity: ID` or `review-rule: ID`";
            cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help))
        }
        [_, ..] => {
            let names: Vec<String> = named.iter().map(|(_, k)| format!("`{k}`")).collect();
            let message = format!("{what} names more than one item ({})", names.join(", "));
            let help = "write one entry per item";
            cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help))
        }
    }
}

impl Decode for Override {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Override> {
        let (kind, key) = target_key(node, "an override", cx)?;
        Some(match kind {
            Kind::Control => {
                Override::Control(Box::new(ControlPatch::decode_keyed(node, key, cx)?))
            }
            Kind::Runbook => Override::Runbook(RunbookPatch::decode(node, cx)?),
            Kind::Step => Override::Step(StepPatch::decode(node, cx)?),
            Kind::Metric => Override::Metric(MetricPatch::decode(node, cx)?),
            Kind::Activity => Override::Activity(ActivityPatch::decode(node, cx)?),
            Kind::ReviewRule => Override::ReviewRule(ReviewRulePatch::decode(node, cx)?),
        })
    }
}

/// An item of an earlier pack switched off by a later layer, with the reason.
#[derive(Clone, Debug)]
pub struct Disable {
    /// The item.
    pub target: Target,
    /// Why it does not apply to this organisation.
    pub reason: Located<String>,
}

impl Decode for Disable {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Disable> {
        let (kind, key) = target_key(node, "a disable entry", cx)?;
        let mut f = Fields::of(node, "a disable entry", cx)?;
        let id: Option<Located<String>> = f.required(key, cx);
        let reason: Option<Located<String>> = f.required("reason", cx);
        f.finish(cx);
        let id = match (kind, id) {
            (Kind::Step, Some(id)) => check_step_target(id, cx),
            (_, id) => id,
        };
        let reason = reason?;
        if reason.value.trim().is_empty() {
            let help = format!(
                "say why the {} does not apply; reviewers read it in `charter explain`",
                kind.noun()
            );
            return cx.fail(Diagnostic::error(&reason.at, "the reason is empty").with_help(help));
        }
        Some(Disable {
            target: Target { kind, id: id? },
            reason,
        })
    }
}
