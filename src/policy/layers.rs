//! The one mechanism by which a later layer changes what earlier packs declare: find the
//! item an override or a disable names (controls, runbooks, runbook steps, metrics,
//! activities, review rules), apply the fields, and remember who did what
//! ([`super::changes::Changes`]):
//! the pack that introduced each item, the pack and location that set each overridden field
//! last, and the pack that disabled an item and why. Disabled items other than controls
//! leave the policy once every pack is applied, so documents and the review never see them;
//! `explain` still finds them here.

use std::collections::HashSet;
use std::sync::Arc;

use crate::diag::source::{Loc, Located};
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::pack::load::PackSet;
use crate::pack::model::Step;
use crate::pack::setters::FieldsSet;
use crate::pack::{Disable, Kind, Override, Target};
use crate::policy::changes::step_key;
use crate::policy::resolve::Packs;

impl Packs {
    /// Applies one override of `pack` to the item it names.
    pub(crate) fn apply_override(
        &mut self,
        o: &Override,
        pack: &str,
        packs: &PackSet,
        diags: &mut Diagnostics,
    ) {
        let target = o.target();
        let Some(set) = self.patch(o, &target, diags) else {
            return;
        };
        for (field, at) in &set {
            self.note_override(&target, field, at, pack, packs, diags);
        }
    }

    /// Applies the override's fields to its item; `None` when no earlier pack has it.
    fn patch(&mut self, o: &Override, t: &Target, diags: &mut Diagnostics) -> Option<FieldsSet> {
        Some(match o {
            Override::Control(p) => {
                let at = position(&self.controls, |c| &c.control.id, t, diags)?;
                p.apply(std::sync::Arc::make_mut(&mut self.controls[at].control))
            }
            Override::Runbook(p) => {
                let at = position(&self.runbooks, |r| &r.id, t, diags)?;
                p.apply(Arc::make_mut(&mut self.runbooks[at]))
            }
            Override::Step(p) => p.apply(self.step_mut(t, diags)?),
            Override::Metric(p) => {
                let at = position(&self.metrics, |m| &m.id, t, diags)?;
                p.apply(Arc::make_mut(&mut self.metrics[at]))
            }
            Override::Activity(p) => {
                let at = position(&self.activities, |a| &a.id, t, diags)?;
                p.apply(Arc::make_mut(&mut self.activities[at]))
            }
            Override::ReviewRule(p) => {
                let at = position(&self.review_rules, |r| &r.id, t, diags)?;
                p.apply(Arc::make_mut(&mut self.review_rules[at]))
            }
        })
    }

    /// The step a `RUNBOOK/STEP` target names, or a located error with a suggestion.
    fn step_mut(&mut self, t: &Target, diags: &mut Diagnostics) -> Option<&mut Step> {
        let (runbook, step) = t.step_parts()?;
        let runbook_target = Target {
            kind: Kind::Runbook,
            id: Located::new(runbook.to_string(), t.id.at.clone()),
        };
        let r = position(&self.runbooks, |r| &r.id, &runbook_target, diags)?;
        let steps = &mut Arc::make_mut(&mut self.runbooks[r]).steps;
        let Some(s) = steps.iter().position(|s| s.id.value == step) else {
            let message = format!("runbook `{runbook}` has no step `{step}`");
            let help = suggest::hint(step, steps.iter().map(|s| s.id.value.as_str()));
            diags.push(
                Diagnostic::error(&t.id.at, message)
                    .with_label("no such step")
                    .with_help(help),
            );
            return None;
        };
        Some(&mut steps[s])
    }

    /// Records who set a field last. Two packs that do not build on one another may not
    /// both change the same field: which one wins would depend on the order the engagement
    /// lists them in.
    fn note_override(
        &mut self,
        target: &Target,
        field: &'static str,
        at: &Loc,
        pack: &str,
        packs: &PackSet,
        diags: &mut Diagnostics,
    ) {
        let id = &target.id.value;
        let key = (target.kind, id.clone(), field);
        if let Some((earlier, earlier_at)) = self.changes.overridden.get(&key)
            && earlier != pack
            && !packs.builds_on(pack, earlier)
        {
            let message =
                format!("packs `{earlier}` and `{pack}` both override `{field}` of `{id}`");
            let help = format!(
                "the other override is at {earlier_at}; make `{pack}` require `{earlier}` so its value wins, or remove one override"
            );
            diags.push(
                Diagnostic::error(at, message)
                    .with_label("conflicting override")
                    .with_help(help),
            );
        }
        let by = (pack.to_string(), at.clone());
        self.changes.overridden.insert(key, by);
    }

    /// Switches off the item a disable entry of `pack` names.
    pub(crate) fn disable(&mut self, d: &Disable, pack: &str, diags: &mut Diagnostics) {
        let t = &d.target;
        let found = match t.kind {
            Kind::Control => {
                let at = position(&self.controls, |c| &c.control.id, t, diags);
                at.map(|at| self.controls[at].disabled = Some(d.clone()))
            }
            Kind::Runbook => position(&self.runbooks, |r| &r.id, t, diags).map(drop),
            Kind::Step => self.step_mut(t, diags).map(drop),
            Kind::Metric => position(&self.metrics, |m| &m.id, t, diags).map(drop),
            Kind::Activity => position(&self.activities, |a| &a.id, t, diags).map(drop),
            Kind::ReviewRule => position(&self.review_rules, |r| &r.id, t, diags).map(drop),
        };
        if found.is_some() {
            let key = (t.kind, t.id.value.clone());
            self.changes
                .disabled
                .insert(key, (pack.to_string(), d.clone()));
        }
    }

    /// Removes the disabled runbooks, steps, metrics, activities and review rules; a
    /// disabled control stays, marked, so that `select` can say why it does not apply.
    pub(crate) fn drop_disabled(&mut self) {
        let disabled: HashSet<(Kind, &str)> = (self.changes.disabled.keys())
            .map(|(kind, id)| (*kind, id.as_str()))
            .collect();
        if disabled.is_empty() {
            return;
        }
        let off = |kind: Kind, id: &str| disabled.contains(&(kind, id));
        let steps_off = disabled.iter().any(|(kind, _)| *kind == Kind::Step);
        let mut runbooks = std::mem::take(&mut self.runbooks);
        runbooks.retain(|r| !off(Kind::Runbook, &r.id.value));
        for r in runbooks.iter_mut().filter(|_| steps_off) {
            let step_off = |s: &Step| off(Kind::Step, &step_key(&r.id.value, &s.id.value));
            if r.steps.iter().any(step_off) {
                let id = r.id.value.clone();
                let r = Arc::make_mut(r);
                r.steps
                    .retain(|s| !off(Kind::Step, &step_key(&id, &s.id.value)));
            }
        }
        let mut metrics = std::mem::take(&mut self.metrics);
        metrics.retain(|m| !off(Kind::Metric, &m.id.value));
        let mut activities = std::mem::take(&mut self.activities);
        activities.retain(|a| !off(Kind::Activity, &a.id.value));
        let mut rules = std::mem::take(&mut self.review_rules);
        rules.retain(|r| !off(Kind::ReviewRule, &r.id.value));
        drop(disabled);
        (self.runbooks, self.metrics) = (runbooks, metrics);
        (self.activities, self.review_rules) = (activities, rules);
    }
}

/// Where the item `target` names stands in `items`, or a located error with a suggestion.
fn position<T>(
    items: &[T],
    id_of: impl Fn(&T) -> &Located<String>,
    target: &Target,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let id = &target.id;
    let found = items.iter().position(|i| id_of(i).value == id.value);
    if found.is_none() {
        let message = format!("unknown {} `{}`", target.kind.noun(), id.value);
        let help = suggest::hint(&id.value, items.iter().map(|i| id_of(i).value.as_str()));
        diags.push(
            Diagnostic::error(&id.at, message)
                .with_label("no earlier pack defines it")
                .with_help(help),
        );
    }
    found
}
