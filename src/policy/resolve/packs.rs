//! What merging packs gives: the roles they declare, each control after every layer with
//! the pack that introduced it, and everything else they decide ([`Packs`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use crate::diag::source::{Loc, Located};
use crate::input::params::{ParamDecl, ParamValues};
use crate::pack::{Activity, Control, Disable, Metric, ReviewRule, Runbook};
use crate::policy::changes::Changes;
use crate::policy::places::ByPlace;
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
    /// The roles the controls name ([`Packs::control_roles`]), found the first time they
    /// are asked for.
    control_roles: OnceLock<ControlRoles>,
}

impl Packs {
    /// The role texts the controls name and each control's, as numbers: worked out once for
    /// every engagement on these packs, once they are merged.
    pub fn control_roles(&self) -> &ControlRoles {
        (self.control_roles).get_or_init(|| ControlRoles::of(&self.controls))
    }
}

/// The role texts the controls name, as their owner or in their RACI, each once; and for
/// each control (in the packs' order) the numbers of those it names, in the order it names
/// them (its owner first), each once.
#[derive(Clone, Debug, Default)]
pub struct ControlRoles {
    /// Each role text named, in the order first named.
    pub texts: Vec<String>,
    /// The numbers of the texts each control names, one control after another.
    numbers: Vec<usize>,
    /// Where each control's numbers end in `numbers`.
    ends: Vec<usize>,
}

impl ControlRoles {
    /// The numbers of the role texts the `i`th control names (none past the last).
    pub fn of_control(&self, i: usize) -> &[usize] {
        let start = i
            .checked_sub(1)
            .map_or(Some(0), |before| self.ends.get(before).copied());
        let range = start.zip(self.ends.get(i).copied());
        range.map_or(&[], |(start, end)| &self.numbers[start..end])
    }

    /// How many controls there are.
    pub fn controls(&self) -> usize {
        self.ends.len()
    }

    fn of(controls: &[ResolvedControl]) -> ControlRoles {
        let mut roles = ControlRoles::default();
        // A role text is mostly the same text of a pack named again: known by its place,
        // else by its words (a pack of many roles numbers each in a few steps).
        let mut by_place = ByPlace::new();
        let mut by_text: HashMap<&str, usize> = HashMap::new();
        for resolved in controls {
            let c = &resolved.control;
            let start = roles.numbers.len();
            for role in std::iter::once(&c.owner).chain(c.raci.value.roles()) {
                let text = &*role.value;
                let number = by_place.get_or(text, || {
                    *by_text.entry(text).or_insert_with(|| {
                        roles.texts.push(text.to_string());
                        roles.texts.len() - 1
                    })
                });
                if !roles.numbers[start..].contains(&number) {
                    roles.numbers.push(number);
                }
            }
            roles.ends.push(roles.numbers.len());
        }
        roles
    }
}
