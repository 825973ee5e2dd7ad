//! One pack file: its name and version, the roles, parameters and items it declares
//! ([`super::model`], [`super::control`], [`super::metric`]), and the changes it makes to
//! the packs it builds on (overrides, disables, parameter values; [`super::patch`]).

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::diag::source::{Located, Source};
use crate::input::decode::{Cx, Decode, Entries, Fields};
use crate::input::params::{ParamDecl, RawValue};
use crate::input::yaml::{Node, NodeKind};
use crate::pack::Metric;
use crate::pack::control::Control;
use crate::pack::model::{Activity, ReviewRule, Runbook};
use crate::pack::patch::{Disable, Override};

/// One pack file.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pack {
    /// The file it was read from.
    #[schemars(skip)]
    pub source: Arc<Source>,
    /// The pack's name (`core`, `acme`).
    #[schemars(rename = "pack")]
    pub name: Located<String>,
    /// Semantic version.
    pub version: Located<semver::Version>,
    /// Human title.
    pub title: String,
    /// What the pack is for.
    #[allow(
        dead_code,
        reason = "decoded and checked as part of the format; no document shows it yet"
    )]
    pub description: String,
    /// Packs this one builds on; they are applied first.
    #[schemars(default)]
    pub requires: Vec<Located<String>>,
    /// Roles the pack declares: id -> description.
    #[schemars(default)]
    pub roles: Entries<String>,
    /// Parameters the pack declares.
    #[schemars(default, with = "crate::input::decode::Entries<ParamDecl>")]
    pub parameters: Vec<ParamDecl>,
    /// Values this pack sets for parameters declared by packs it builds on.
    #[schemars(default)]
    pub set_parameters: Entries<RawValue>,
    /// RACI rows.
    #[schemars(default)]
    pub activities: Vec<Arc<Activity>>,
    /// Checklist items.
    // Shared with the policies made of the pack until a layer changes one.
    #[schemars(default)]
    pub controls: Vec<std::sync::Arc<Control>>,
    /// Step-by-step procedures.
    #[schemars(default)]
    pub runbooks: Vec<Arc<Runbook>>,
    /// SLAs and KPIs.
    #[schemars(default)]
    pub metrics: Vec<Arc<Metric>>,
    /// Changes to controls, runbooks, steps, metrics, activities and review rules of
    /// earlier packs.
    #[schemars(default)]
    pub overrides: Vec<Override>,
    /// Items of earlier packs switched off, with the reason.
    #[schemars(default)]
    pub disable: Vec<Disable>,
    /// Checks `charter review` adds for engagements this pack applies to.
    #[schemars(default)]
    pub review_rules: Vec<Arc<ReviewRule>>,
    /// Whether the pack was read from what the decoder made of it ahead of time
    /// (`pack::baked`), whose tests hold every such pack to merge with the packs it
    /// requires without a problem: the roles and parameters its items name are declared.
    #[schemars(skip)]
    pub checked: bool,
}

impl Pack {
    /// Decodes a pack from its parsed file.
    pub fn decode(root: &Node, cx: &mut Cx) -> Option<Pack> {
        let mut f = Fields::of(root, "the pack", cx)?;
        let name = f.required("pack", cx).and_then(|n| check_pack_name(n, cx));
        let version = f.required("version", cx);
        let title = f.required("title", cx);
        let description = f.required("description", cx);
        let requires = f.optional("requires", cx).unwrap_or_default();
        let roles = f.optional("roles", cx).unwrap_or_default();
        let parameters = f
            .raw("parameters")
            .map(|n| decode_params(&n, cx))
            .unwrap_or(Some(Vec::new()));
        let set_parameters = f.optional("set-parameters", cx).unwrap_or_default();
        let activities = f.optional("activities", cx).unwrap_or_default();
        let controls = f.optional("controls", cx).unwrap_or_default();
        let runbooks = f.optional("runbooks", cx).unwrap_or_default();
        let metrics = f.optional("metrics", cx).unwrap_or_default();
        let overrides = f.optional("overrides", cx).unwrap_or_default();
        let disable = f.optional("disable", cx).unwrap_or_default();
        let review_rules = f.optional("review-rules", cx).unwrap_or_default();
        f.finish(cx);
        Some(Pack {
            source: Arc::clone(cx.source),
            name: name?,
            version: version?,
            title: title?,
            description: description?,
            requires,
            roles,
            parameters: parameters?,
            set_parameters,
            activities,
            controls,
            runbooks,
            metrics,
            overrides,
            disable,
            review_rules,
            checked: false,
        })
    }
}

fn check_pack_name(name: Located<String>, cx: &mut Cx) -> Option<Located<String>> {
    if crate::input::engagement::is_safe_id(&name.value) {
        return Some(name);
    }
    let message = format!("`{}` is not a valid pack name", name.value);
    cx.fail(
        Diagnostic::error(&name.at, message)
            .with_help("use lowercase letters, digits and hyphens, e.g. `acme`"),
    )
}

/// The declarations of `parameters:`: every name first (a name that is not a string
/// stops there), then every declaration, each read where it stands.
fn decode_params(node: &Node, cx: &mut Cx) -> Option<Vec<ParamDecl>> {
    let NodeKind::Map(entries) = node.kind() else {
        return cx.expected(node, "a mapping");
    };
    let names: Vec<Option<Located<String>>> = entries
        .iter()
        .map(|(key, _)| Located::decode(&key, cx))
        .collect();
    let names: Vec<Located<String>> = names.into_iter().collect::<Option<_>>()?;
    let decls: Vec<Option<ParamDecl>> = names
        .into_iter()
        .zip(entries)
        .map(|(name, (_, value))| ParamDecl::decode(name, &value, cx))
        .collect();
    decls.into_iter().collect()
}
