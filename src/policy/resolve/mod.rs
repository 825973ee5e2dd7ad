//! Layers: packs in application order, merged once into [`Packs`] and shared; then the
//! engagement's own layer (its parameter values) on top, as a [`Policy`] that borrows
//! nothing from other engagements and copies nothing of the packs.
//!
//! Later layers override and disable any item by kind and id ([`super::layers`]), set
//! parameter values and add controls, roles, activities, runbooks, metrics and review
//! rules. Every field keeps the location that set it (provenance). References are checked
//! here: roles named by controls, activities, runbooks, metrics and people must be
//! declared; `{{ params.X }}` must name a parameter and `{{ tooling.X }}` a tool.

mod check;
mod packs;
mod policy;

pub use packs::{Packs, ResolvedControl, RoleDecl};
pub use policy::{Policy, with_engagement};

use std::collections::HashSet;
use std::sync::Arc;

use crate::diag::source::Located;
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::decode::Cx;
use crate::input::params::{ParamDecl, ParamValue, RawValue};
use crate::pack::load::PackSet;
use crate::pack::{Control, Pack};
use check::Checked;

/// Merges packs alone (no engagement), checking every reference they make.
pub fn from_packs(packs: &PackSet, diags: &mut Diagnostics) -> Packs {
    let mut policy = Packs::default();
    // Room for every pack's items from the start: the lists do not grow by copying.
    let all = |count: fn(&Pack) -> usize| packs.packs.iter().map(|p| count(p)).sum();
    policy.controls.reserve_exact(all(|p| p.controls.len()));
    policy.activities.reserve_exact(all(|p| p.activities.len()));
    policy.runbooks.reserve_exact(all(|p| p.runbooks.len()));
    policy
        .review_rules
        .reserve_exact(all(|p| p.review_rules.len()));
    policy.metrics.reserve_exact(all(|p| p.metrics.len()));
    // The controls' ids so far, to find a duplicate without comparing each new id with
    // every earlier one (the built-in packs have more than a hundred controls).
    let mut ids = HashSet::with_capacity(policy.controls.capacity());
    for pack in &packs.packs {
        policy.add_pack(pack, packs, &mut ids, diags);
    }
    policy.check_references(&Checked::of(packs), diags);
    policy.drop_disabled();
    let files = policy.sources.iter().filter(|source| !source.is_builtin());
    policy.secrets = files.flat_map(crate::diag::secrets::located).collect();
    policy
}

impl Packs {
    fn add_pack<'p>(
        &mut self,
        pack: &'p Arc<Pack>,
        packs: &PackSet,
        ids: &mut HashSet<&'p str>,
        diags: &mut Diagnostics,
    ) {
        self.packs
            .push((pack.name.value.clone(), pack.version.value.to_string()));
        for (id, description) in &pack.roles.0 {
            let description = Located::new(description.clone(), id.at.clone());
            self.roles
                .insert(id.value.clone(), RoleDecl { description });
        }
        for decl in &pack.parameters {
            self.declare_param(decl, diags);
        }
        let mut cx = Cx {
            source: &pack.source,
            diags,
        };
        for (name, raw) in &pack.set_parameters.0 {
            self.set_param(name, raw, &mut cx);
        }
        let name: Arc<str> = Arc::from(pack.name.value.as_str());
        for control in &pack.controls {
            self.add_control(control, &name, ids, diags);
        }
        self.changes.apply(pack);
        for patch in &pack.overrides {
            self.apply_override(patch, &pack.name.value, packs, diags);
        }
        for disable in &pack.disable {
            self.disable(disable, &pack.name.value, diags);
        }
        add_unique(
            &mut self.activities,
            &pack.activities,
            |a| &a.id,
            "activity",
            diags,
        );
        add_unique(
            &mut self.runbooks,
            &pack.runbooks,
            |r| &r.id,
            "runbook",
            diags,
        );
        let rules = &pack.review_rules;
        add_unique(
            &mut self.review_rules,
            rules,
            |r| &r.id,
            "review rule",
            diags,
        );
        self.sources.push(std::sync::Arc::clone(&pack.source));
        add_unique(&mut self.metrics, &pack.metrics, |m| &m.id, "metric", diags);
    }

    fn declare_param(&mut self, decl: &ParamDecl, diags: &mut Diagnostics) {
        if let Some(first) = self.params.get(&decl.name.value) {
            let message = format!("parameter `{}` is already declared", decl.name.value);
            let help = format!(
                "first declared at {}; set its value with `set-parameters` instead",
                first.name.at
            );
            diags.push(Diagnostic::error(&decl.name.at, message).with_help(help));
            return;
        }
        self.pack_values
            .insert(decl.name.value.clone(), decl.default.clone());
        self.params.insert(decl.name.value.clone(), decl.clone());
    }

    fn set_param(&mut self, name: &Located<String>, raw: &RawValue, cx: &mut Cx) {
        if let Some((name, value)) = self.param_value(name, raw, cx) {
            self.pack_values.insert(name, value);
        }
    }

    /// The value `raw` gives declared parameter `name`, checked against its declaration.
    fn param_value(
        &self,
        name: &Located<String>,
        raw: &RawValue,
        cx: &mut Cx,
    ) -> Option<(String, Located<ParamValue>)> {
        let Some(decl) = self.params.get(&name.value) else {
            let message = format!("unknown parameter `{}`", name.value);
            let help = suggest::hint(&name.value, self.params.keys().map(String::as_str));
            cx.diags.push(
                Diagnostic::error(&name.at, message)
                    .with_label("not declared by any pack")
                    .with_help(help),
            );
            return None;
        };
        Some((name.value.clone(), decl.value(&raw.0.root(), cx)?))
    }

    /// Adds `control` unless a control of its id was added before (`ids`, the ids added).
    fn add_control<'p>(
        &mut self,
        control: &'p Arc<Control>,
        pack: &Arc<str>,
        ids: &mut HashSet<&'p str>,
        diags: &mut Diagnostics,
    ) {
        if ids.insert(&control.id.value) {
            self.controls.push(ResolvedControl {
                control: Arc::clone(control),
                pack: Arc::clone(pack),
                disabled: None,
            });
            return;
        }
        let message = format!("duplicate control id `{}`", control.id.value);
        let mut error = Diagnostic::error(&control.id.at, message).with_label("defined again here");
        let first = (self.controls.iter()).find(|c| c.control.id.value == control.id.value);
        if let Some(first) = first {
            let help = format!(
                "first defined at {}; to change it, use `overrides` instead",
                first.control.id.at
            );
            error = error.with_help(help);
        }
        diags.push(error);
    }
}

fn add_unique<T: Clone>(
    into: &mut Vec<T>,
    items: &[T],
    id: fn(&T) -> &Located<String>,
    what: &str,
    diags: &mut Diagnostics,
) {
    for item in items {
        if let Some(first) = into.iter().find(|x| id(x).value == id(item).value) {
            let message = format!("duplicate {what} id `{}`", id(item).value);
            let help = format!("first defined at {}", id(first).at);
            diags.push(Diagnostic::error(&id(item).at, message).with_help(help));
        } else {
            into.push(item.clone());
        }
    }
}
