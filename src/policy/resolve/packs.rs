//! What merging packs gives: the roles they declare, each control after every layer with
//! the pack that introduced it, and everything else they decide ([`Packs`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::source::{Loc, Located};
use crate::input::params::{ParamDecl, ParamValues};
use crate::pack::{Activity, Control, Disable, Metric, ReviewRule, Runbook};
use crate::policy::changes::Changes;
use crate::policy::shown::Shown;

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
    ///
    /// [`Policy::values`]: super::Policy::values
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
