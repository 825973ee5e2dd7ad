//! Who introduced, changed and disabled each item of the packs: the provenance `explain`
//! shows beyond each field's own location. Changes are filled by [`super::layers`]; who
//! introduced each item is read from the packs when `explain` first asks, since a build
//! never does.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::diag::source::{Loc, Located};
use crate::input::decode::Text;
use crate::pack::{Disable, Kind, Pack};

/// Where an item comes from: the pack that introduced it, its title and where it is written.
#[derive(Clone, Debug)]
pub struct Origin {
    /// The pack's name, shared by the items it introduces.
    pub pack: Arc<str>,
    /// The item's title (a step's action), as declared (a built-in pack's is borrowed).
    pub title: Text,
    /// Where the item's id is written.
    pub at: Loc,
}

/// Who introduced, changed and disabled each item of the packs.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// The packs applied, in order: who introduced each item is read from them.
    packs: Vec<Arc<Pack>>,
    /// (kind, id) -> where the item comes from; a step's id is `RUNBOOK/STEP`. Made from
    /// `packs` on first use ([`Changes::introduced`]).
    introduced: OnceLock<BTreeMap<(Kind, String), Origin>>,
    /// (kind, id, field) -> the pack and location of the override that set it last.
    pub overridden: BTreeMap<(Kind, String, &'static str), (String, Loc)>,
    /// (kind, id) -> the pack that disabled the item, and its entry.
    pub disabled: BTreeMap<(Kind, String), (String, Disable)>,
}

impl Changes {
    /// Notes that `pack` is applied next: the first pack to declare an item introduced it.
    pub(crate) fn apply(&mut self, pack: &Arc<Pack>) {
        self.packs.push(Arc::clone(pack));
        self.introduced = OnceLock::new();
    }

    /// (kind, id) -> where each item comes from: the first pack that declares it (a
    /// duplicate is an error reported when the item is added); a step's id is
    /// `RUNBOOK/STEP`.
    pub fn introduced(&self) -> &BTreeMap<(Kind, String), Origin> {
        self.introduced.get_or_init(|| {
            let mut introduced = BTreeMap::new();
            for pack in &self.packs {
                introduce(&mut introduced, pack);
            }
            introduced
        })
    }

    /// The overridden fields of one item: (field, pack, location), by field name.
    pub fn overrides_of(&self, kind: Kind, id: &str) -> Vec<(&'static str, &str, &Loc)> {
        self.overridden
            .iter()
            .filter(|((k, i, _), _)| *k == kind && i == id)
            .map(|((_, _, field), (pack, at))| (*field, pack.as_str(), at))
            .collect()
    }

    /// The pack that disabled an item, and its entry.
    pub fn disabled_of(&self, kind: Kind, id: &str) -> Option<&(String, Disable)> {
        self.disabled.get(&(kind, id.to_string()))
    }
}

/// Notes `pack` as the origin of each item it declares that no earlier pack declared.
fn introduce(introduced: &mut BTreeMap<(Kind, String), Origin>, pack: &Pack) {
    let name: &Arc<str> = &pack.name.value.as_str().into();
    let mut note = |kind: Kind, id: &Located<String>, title: &Text| {
        let origin = || Origin {
            pack: Arc::clone(name),
            title: title.clone(),
            at: id.at.clone(),
        };
        introduced
            .entry((kind, id.value.clone()))
            .or_insert_with(origin);
    };
    for control in &pack.controls {
        note(Kind::Control, &control.id, &control.title);
    }
    for runbook in &pack.runbooks {
        note(Kind::Runbook, &runbook.id, &runbook.title);
        for step in &runbook.steps {
            let key = step_key(&runbook.id.value, &step.id.value);
            note(
                Kind::Step,
                &Located::new(key, step.id.at.clone()),
                &step.action,
            );
        }
    }
    for metric in &pack.metrics {
        note(Kind::Metric, &metric.id, &metric.title);
    }
    for activity in &pack.activities {
        note(Kind::Activity, &activity.id, &activity.title);
    }
    for rule in &pack.review_rules {
        note(Kind::ReviewRule, &rule.id, &rule.message);
    }
}

/// The id of a step as a later layer names it.
pub fn step_key(runbook: &str, step: &str) -> String {
    format!("{runbook}/{step}")
}
