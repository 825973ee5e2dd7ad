//! Who introduced, changed and disabled each item of the packs: the provenance `explain`
//! shows beyond each field's own location. Filled by [`super::layers`].

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::source::{Loc, Located};
use crate::input::decode::Text;
use crate::pack::{Disable, Kind};

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
    /// (kind, id) -> where the item comes from; a step's id is `RUNBOOK/STEP`.
    pub introduced: BTreeMap<(Kind, String), Origin>,
    /// (kind, id, field) -> the pack and location of the override that set it last.
    pub overridden: BTreeMap<(Kind, String, &'static str), (String, Loc)>,
    /// (kind, id) -> the pack that disabled the item, and its entry.
    pub disabled: BTreeMap<(Kind, String), (String, Disable)>,
}

impl Changes {
    /// Notes that `pack` introduced an item.
    pub(crate) fn introduce(
        &mut self,
        kind: Kind,
        id: &Located<String>,
        title: &Text,
        pack: &Arc<str>,
    ) {
        let origin = || Origin {
            pack: Arc::clone(pack),
            title: title.clone(),
            at: id.at.clone(),
        };
        self.introduced
            .entry((kind, id.value.clone()))
            .or_insert_with(origin);
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

/// The id of a step as a later layer names it.
pub fn step_key(runbook: &str, step: &str) -> String {
    format!("{runbook}/{step}")
}
