//! Layers: packs in application order, merged once into [`Packs`] and shared; then the
//! engagement's own layer (its parameter values) on top, as a [`Policy`] that borrows
//! nothing from other engagements and copies nothing of the packs.
//!
//! Later layers override and disable any item by kind and id ([`super::layers`]), set
//! parameter values and add controls, roles, activities, runbooks, metrics and review
//! rules. Every field keeps the location that set it (provenance). References are checked
//! here: roles named by controls, activities, runbooks, metrics and people must be
//! declared; `{{ params.X }}` must name a parameter and `{{ tooling.X }}` a tool.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use crate::diag::source::{Loc, Located};
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::decode::{Cx, Text};
use crate::input::engagement::Engagement;
use crate::input::params::{self, ParamDecl, ParamValue, ParamValues, RawValue, Values};
use crate::input::tooling::{ToolName, Tooling};
use crate::pack::load::PackSet;
use crate::pack::{Activity, Control, Disable, Metric, Pack, ReviewRule, Runbook};
use crate::policy::changes::Changes;
use crate::policy::shown::{Show, Shown, ShownText, Way};

/// A declared role.
#[derive(Clone, Debug)]
pub struct RoleDecl {
    /// What the role is responsible for.
    pub description: Located<String>,
}

/// A control after every layer, with the pack that introduced it.
#[derive(Clone, Debug)]
pub struct ResolvedControl {
    /// The control with overrides applied; each field keeps its own location. Shared with
    /// its pack until a layer changes it.
    pub control: Arc<Control>,
    /// Name of the pack that introduced the control, shared by its controls.
    pub pack: Arc<str>,
    /// Set when a later layer disabled the control.
    pub disabled: Option<Disable>,
}

/// Everything the packs decide, merged; shared by every engagement on the same packs.
#[derive(Clone, Debug, Default)]
pub struct Packs {
    /// Packs applied, in order: (name, version as written out), made once per pack set.
    pub packs: Vec<(String, String)>,
    /// Declared roles by id.
    pub roles: BTreeMap<String, RoleDecl>,
    /// Declared parameters by name.
    pub params: BTreeMap<String, ParamDecl>,
    /// The packs' parameter values (defaults, then the packs' settings); an engagement's
    /// are [`Policy::values`].
    pub pack_values: ParamValues,
    /// Controls in the order their packs introduced them.
    pub controls: Vec<ResolvedControl>,
    /// RACI rows. Each is shared with its pack until a layer changes it, as are runbooks,
    /// review rules and metrics.
    pub activities: Vec<Arc<Activity>>,
    /// Runbooks.
    pub runbooks: Vec<Arc<Runbook>>,
    /// Review rules the packs add.
    pub review_rules: Vec<Arc<ReviewRule>>,
    /// The files of the applied packs, in order.
    pub sources: Vec<std::sync::Arc<crate::diag::source::Source>>,
    /// Who introduced, overrode and disabled each item (provenance beyond field locations).
    pub changes: Changes,
    /// SLAs and KPIs, in the order their packs declare them.
    pub metrics: Vec<Arc<Metric>>,
    /// Texts as the documents show them, made once for every engagement on these packs.
    pub shown: Shown,
    /// What looks like a secret in the pack files (built-in packs hold none), found once
    /// for every engagement on these packs.
    pub secrets: Vec<(Loc, &'static str)>,
}

/// One engagement's policy: the shared packs and the engagement's parameter values.
#[derive(Clone, Debug)]
pub struct Policy {
    packs: Arc<Packs>,
    /// The engagement's own parameter settings, checked ([`Policy::values`] puts them
    /// over the packs').
    own: ParamValues,
    /// The engagement's tools, for `{{ tooling.NAME }}` in pack texts.
    pub tooling: Tooling,
    /// How the engagement fills placeholders among those of the packs' other engagements
    /// ([`Shown::way`]), found the first time a text with placeholders is shown: from
    /// `own` and `tooling`, which [`with_engagement`] sets once and nothing changes.
    way: OnceLock<Option<Way>>,
}

impl std::ops::Deref for Policy {
    type Target = Packs;

    fn deref(&self) -> &Packs {
        &self.packs
    }
}

impl Policy {
    /// The engagement's parameter values: its own settings over the packs'.
    pub fn values(&self) -> Values<'_> {
        Values {
            packs: &self.packs.pack_values,
            own: &self.own,
        }
    }

    /// A text with its `{{ params.X }}` replaced by the engagement's final values and its
    /// `{{ tooling.X }}` by the engagement's tools (or their generic wording).
    pub fn text(&self, text: &str) -> String {
        self.fill(text)
    }

    /// [`Policy::text`] of a pack text, kept as it is when it names no parameter or tool:
    /// a text the binary holds is then still borrowed, not copied.
    pub fn filled(&self, text: &Text) -> Text {
        match params::has_placeholder(text) {
            true => Text::Owned(self.fill(text)),
            false => text.clone(),
        }
    }

    /// `show` of a pack text with its placeholders filled ([`Policy::text`]); a text with
    /// no placeholder reads the same for every engagement on these packs, so it is shown
    /// once per pack set, and shared, not copied.
    pub fn shown_shared(&self, text: &str, show: Show) -> ShownText {
        match params::has_placeholder(text) {
            true => (self.packs.shown).get_filled(text, self.way(), || self.fill(text), show),
            false => self.packs.shown.get(text, show),
        }
    }

    /// How the engagement fills placeholders, numbered among the engagements on these
    /// packs ([`Shown::way`]; `None` past the ways it numbers).
    pub fn way(&self) -> Option<Way> {
        *(self.way).get_or_init(|| self.packs.shown.way(|| self.fills()))
    }

    /// Everything [`Policy::fill`] fills placeholders with that is the engagement's own, as
    /// one text: the name and value of each parameter it sets to a value that is not the
    /// packs' (the packs' values are every engagement's on them), then each tool's
    /// wording, each text after its length, so that two engagements on the same packs give
    /// the same text exactly when they fill every placeholder alike.
    fn fills(&self) -> String {
        fn put(out: &mut String, text: &str) {
            crate::policy::schedule::push_count(out, text.len());
            out.push(':');
            out.push_str(text);
        }
        let mut out = String::new();
        for (name, value) in &self.own {
            let theirs = self.packs.pack_values.get(name);
            if !theirs.is_some_and(|theirs| same_value(&theirs.value, &value.value)) {
                put(&mut out, name);
                put(&mut out, &value.value.to_string());
            }
        }
        out.push('/');
        for tool in ToolName::ALL {
            put(&mut out, &self.tooling.phrase(*tool));
        }
        out
    }

    /// `show` of a pack value that is shown as written, never filled (a framework's
    /// name), once per pack set like [`Policy::shown_shared`].
    pub fn shown_as_is(&self, text: &str, show: Show) -> ShownText {
        self.packs.shown.get(text, show)
    }

    /// `show` of pack values joined by `, ` (a control's ids in one framework), once per
    /// pack set.
    pub fn shown_joined(&self, values: &[Located<Text>], show: Show) -> ShownText {
        let parts = values.iter().map(|v| &*v.value);
        let place = values.as_ptr() as usize;
        self.packs.shown.get_joined(place, parts, ", ", show)
    }

    fn fill(&self, text: &str) -> String {
        let lookup = |inner: &str| {
            if inner.starts_with("params.") {
                return params::param_text(self.values(), inner);
            }
            let name = inner.strip_prefix("tooling.")?;
            let tool = ToolName::ALL.iter().find(|t| t.as_str() == name)?;
            Some(self.tooling.phrase(*tool))
        };
        params::fill(text, lookup).unwrap_or_else(|_| text.to_string())
    }
}

/// Whether two values are written alike wherever they are shown: equal, and not numbers
/// (two equal numbers can be written differently, `0` and `-0`).
fn same_value(a: &ParamValue, b: &ParamValue) -> bool {
    a == b && !matches!(a, ParamValue::Number(_))
}

/// Applies the engagement's own layer to the packs' merged policy, which it shares.
pub fn with_engagement(
    packs: Arc<Packs>,
    engagement: &Engagement,
    diags: &mut Diagnostics,
) -> Policy {
    let mut own = ParamValues::new();
    let mut cx = Cx {
        source: &engagement.source,
        diags,
    };
    for (name, raw) in &engagement.parameters.0 {
        if let Some((name, value)) = packs.param_value(name, raw, &mut cx) {
            own.insert(name, value);
        }
    }
    let people_roles = engagement.people.iter().flat_map(|p| &p.roles);
    people_roles.for_each(|role| packs.check_role(role, diags));
    let tooling = engagement.tooling.clone();
    Policy {
        packs,
        own,
        tooling,
        way: OnceLock::new(),
    }
}

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

    fn check_references(&self, checked: &Checked, diags: &mut Diagnostics) {
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

    fn check_role(&self, role: &Located<impl Deref<Target = str>>, diags: &mut Diagnostics) {
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
struct Checked(Vec<*const ()>);

impl Checked {
    fn of(packs: &PackSet) -> Checked {
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
