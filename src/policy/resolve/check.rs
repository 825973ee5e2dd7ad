//! The merged packs' references checked, each problem at its place: roles items name must be
//! declared, placeholders must name a parameter or a tool, a control must be on a document;
//! items of packs checked ahead of time that no layer changed are passed over.

use std::collections::BTreeSet;
use std::ops::Deref;
use std::sync::Arc;

use crate::diag::source::Located;
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::decode::Text;
use crate::input::params;
use crate::input::tooling::ToolName;
use crate::pack::load::PackSet;
use crate::pack::{Control, Pack};

use super::packs::Packs;

impl Packs {
    pub(super) fn check_references(&self, checked: &Checked, diags: &mut Diagnostics) {
        let mut check = |role: &Located<Text>| self.check_role(role, diags);
        let controls = self.controls.iter().filter(|rc| !checked.has(&rc.control));
        let activities = self.activities.iter().filter(|a| !checked.has(a));
        let runbooks = || self.runbooks.iter().filter(|r| !checked.has(r));
        let metrics = self.metrics.iter().filter(|m| !checked.has(m));
        for rc in controls.clone() {
            check(&rc.control.owner);
            rc.control.raci.value.roles().for_each(&mut check);
            // `per` is a side (`vendor`, `client`) or a role.
            let per = rc.control.per.as_ref();
            per.filter(|p| !matches!(&*p.value, "vendor" | "client"))
                .into_iter()
                .for_each(&mut check);
        }
        for activity in activities {
            activity.raci.roles().for_each(&mut check);
        }
        for step in runbooks().flat_map(|r| &r.steps) {
            check(&step.role);
        }
        for metric in metrics.clone() {
            check(&metric.owner);
        }
        for rc in controls {
            self.check_param_refs(&rc.control, diags);
        }
        for runbook in runbooks() {
            self.check_text(&runbook.purpose, diags);
            runbook
                .steps
                .iter()
                .for_each(|s| self.check_text(&s.action, diags));
        }
        for control in self
            .controls
            .iter()
            .filter(|c| c.control.documents.value.is_empty())
        {
            let id = &control.control.id;
            let message = format!("no document lists control `{}`", id.value);
            let help =
                "add `documents: [onboarding-checklist]` (or compliance-/offboarding-checklist)";
            diags.push(Diagnostic::warning(&control.control.documents.at, message).with_help(help));
        }
        for text in metrics.flat_map(|m| m.texts()) {
            self.check_text(text, diags);
        }
    }

    pub(super) fn check_role(
        &self,
        role: &Located<impl Deref<Target = str>>,
        diags: &mut Diagnostics,
    ) {
        if self.roles.contains_key(&*role.value) {
            return;
        }
        let message = format!("role `{}` is not declared by any pack", &*role.value);
        let help = suggest::hint(&role.value, self.roles.keys().map(String::as_str));
        diags.push(
            Diagnostic::error(&role.at, message)
                .with_label("undeclared role")
                .with_help(help),
        );
    }

    fn check_param_refs(&self, control: &Control, diags: &mut Diagnostics) {
        for text in [&control.title, &control.description, &control.evidence] {
            self.check_text(text, diags);
        }
    }

    fn check_text(&self, text: &Located<Text>, diags: &mut Diagnostics) {
        if !params::has_placeholder(&text.value) {
            return;
        }
        for name in params::references(&text.value) {
            if !self.pack_values.contains_key(name) {
                let message = format!("`{{{{ params.{name} }}}}` names an unknown parameter");
                let help = suggest::hint(name, self.params.keys().map(String::as_str));
                diags.push(Diagnostic::error(&text.at, message).with_help(help));
            }
        }
        for name in params::tool_references(&text.value) {
            if !ToolName::ALL.iter().any(|t| t.as_str() == name) {
                let message = format!("`{{{{ tooling.{name} }}}}` names an unknown tool");
                let help = suggest::hint(name, ToolName::ALL.iter().map(|t| t.as_str()));
                diags.push(Diagnostic::error(&text.at, message).with_help(help));
            }
        }
    }
}

/// The items of the packs whose references were checked ahead of time
/// ([`Pack::checked`]), by address. While no layer has changed one (it is still its pack's
/// own `Arc`: a change copies it), checking its roles and parameters again finds nothing,
/// since no later pack can take a declaration away.
pub(super) struct Checked(Vec<*const ()>);

impl Checked {
    pub(super) fn of(packs: &PackSet) -> Checked {
        let checked: BTreeSet<&str> = (packs.packs.iter())
            .filter(|p| p.checked)
            .map(|p| p.name.value.as_str())
            .collect();
        // Checked among the packs it requires, as they were then: each of them must be too.
        let requires_checked = |pack: &&Arc<Pack>| {
            let mut required = packs.requires.get(&pack.name.value).into_iter().flatten();
            pack.checked && required.all(|name| checked.contains(name.as_str()))
        };
        let mut items = Vec::new();
        for pack in packs.packs.iter().filter(requires_checked) {
            items.extend(pack.controls.iter().map(address));
            items.extend(pack.activities.iter().map(address));
            items.extend(pack.runbooks.iter().map(address));
            items.extend(pack.metrics.iter().map(address));
        }
        // Sorted once and searched: each item is one address, never added twice.
        items.sort_unstable();
        Checked(items)
    }

    fn has<T>(&self, item: &Arc<T>) -> bool {
        self.0.binary_search(&address(item)).is_ok()
    }
}

fn address<T>(item: &Arc<T>) -> *const () {
    Arc::as_ptr(item).cast()
}
