//! The RACI page's view: the packs' activity rows, then every applicable control's own
//! RACI, grouped by compliance category. The control rows are the controls' `raci`, the
//! same values the checklists and the review use, so the page cannot disagree with them.

use std::any::Any;
use std::sync::Arc;

use serde::Serialize;

use crate::diag::source::Located;
use crate::input::decode::Text;
use crate::input::engagement::Engagement;
use crate::input::vocab::Category;
use crate::pack::{Activity, Control, Raci};
use crate::policy::resolve::Policy;
use crate::policy::select::{self, Decision};
use crate::policy::shown::{RaciCells, ShownText};
use crate::render::checklist::ControlView;
use crate::render::escape::inline_shared;

/// The RACI matrix.
#[derive(Serialize)]
pub struct RaciView {
    /// Role columns of the activity rows: every role an applicable activity names, sorted.
    pub roles: Arc<[String]>,
    /// Activity rows, in pack order.
    pub rows: Vec<RaciRow>,
    /// Applicable controls by compliance category, in category order.
    pub controls: Vec<RaciGroup>,
}

/// One row: a letter (or blank) per role column.
#[derive(Serialize)]
pub struct RaciRow {
    pub id: ShownText,
    pub title: ShownText,
    pub cells: Arc<[&'static str]>,
}

/// The controls of one category, with the roles their RACIs name as columns.
#[derive(Serialize)]
pub struct RaciGroup {
    pub id: String,
    pub title: String,
    pub roles: Arc<[String]>,
    pub rows: Vec<RaciRow>,
}

/// The RACI view of an engagement. Each table's columns and cells are its rows' RACIs
/// alone: made once per pack set for each list of rows ([`Shown::raci_cells`]).
///
/// [`Shown::raci_cells`]: crate::policy::shown::Shown::raci_cells
pub fn view(
    engagement: &Engagement,
    policy: &Policy,
    applicable: &[(&Decision, ControlView)],
) -> RaciView {
    let activities: Vec<&Arc<Activity>> = (policy.activities.iter())
        .filter(|a| select::holds(a.when.as_ref().map(|w| &w.value), engagement))
        .collect();
    let rows = (activities.iter()).map(|a| {
        let title = policy.shown_as_is(&a.title, inline_shared);
        (ShownText::from(a.id.value.as_str()), title, &a.raci.value)
    });
    let (roles, rows) = table(policy, &activities, rows.collect());
    let controls = Category::ALL
        .iter()
        .filter_map(|category| {
            let members =
                (applicable.iter()).filter(|(d, _)| d.control.control.category.value == *category);
            let controls: Vec<&Arc<Control>> =
                members.clone().map(|(d, _)| &d.control.control).collect();
            let rows = members
                .map(|(d, v)| (v.id.clone(), v.title.clone(), &d.control.control.raci.value));
            let (roles, rows) = table(policy, &controls, rows.collect());
            (!rows.is_empty()).then(|| RaciGroup {
                id: category.to_string(),
                title: category.title().to_string(),
                roles,
                rows,
            })
        })
        .collect();
    RaciView {
        roles,
        rows,
        controls,
    }
}

/// Role columns (sorted) and one row for each entry (an id, a title and a RACI), each the
/// one of `owners` at its place.
fn table<T: Any + Send + Sync>(
    policy: &Policy,
    owners: &[&Arc<T>],
    entries: Vec<(ShownText, ShownText, &Raci)>,
) -> (Arc<[String]>, Vec<RaciRow>) {
    let cells = policy.shown.raci_cells(owners, || cells(&entries));
    let rows = (entries.into_iter().zip(&cells.cells))
        .map(|((id, title, _), cells)| RaciRow {
            id,
            title,
            cells: Arc::clone(cells),
        })
        .collect();
    (Arc::clone(&cells.roles), rows)
}

/// The role columns (sorted) of `entries`' RACIs and each entry's letters.
fn cells(entries: &[(ShownText, ShownText, &Raci)]) -> RaciCells {
    let mut roles: Vec<&str> = (entries.iter())
        .flat_map(|&(_, _, raci)| raci.roles())
        .map(|r| &*r.value)
        .collect();
    sort_distinct(&mut roles);
    let cells = (entries.iter())
        .map(|(_, _, raci)| roles.iter().map(|role| letters(raci, role)).collect())
        .collect();
    RaciCells {
        roles: roles.into_iter().map(str::to_string).collect(),
        cells,
    }
}

/// Sorts role names and keeps each once. The same name is mostly the same text of a pack
/// named again (a built-in pack holds each once): those are told apart by where they
/// stand, without reading them, before the few left are sorted by their words. While
/// the places are few (a few dozen roles named hundreds of times), each name is looked up
/// among those kept so far; past [`FEW_PLACES`], the names are sorted by place.
pub(crate) fn sort_distinct(names: &mut Vec<&str>) {
    let place = |name: &str| (name.as_ptr() as usize, name.len());
    let mut kept: Vec<&str> = Vec::with_capacity(FEW_PLACES + 1);
    // The places seen, in a small table (an address is never 0): a name is looked up
    // among a few slots, not among every place kept.
    let mut seen = [(0, 0); SLOTS];
    let few = names.iter().all(|name| {
        let at = place(name);
        let mut slot = ((at.0 as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 57) as usize;
        while seen[slot] != at {
            if seen[slot].0 == 0 {
                seen[slot] = at;
                kept.push(name);
                break;
            }
            slot = (slot + 1) % SLOTS;
        }
        kept.len() <= FEW_PLACES
    });
    if !few {
        kept = std::mem::take(names);
        kept.sort_unstable_by_key(|name| place(name));
        kept.dedup_by_key(|name| place(name));
    }
    kept.sort_unstable();
    kept.dedup();
    *names = kept;
}

/// How many places [`sort_distinct`] looks names up among before it sorts them instead.
const FEW_PLACES: usize = 48;

/// The slots of [`sort_distinct`]'s table of places: more than twice as many as it holds
/// (a place's slot is the top seven bits of its address multiplied by an odd number).
const SLOTS: usize = 1 << 7;

/// `R`, `A`, `C`, `I` or a combination: what `role` is in `raci`.
pub fn letters(raci: &Raci, role: &str) -> &'static str {
    /// Each combination, by its letters as bits: R 1, A 2, C 4, I 8.
    const COMBINED: [&str; 16] = [
        "", "R", "A", "RA", "C", "RC", "AC", "RAC", "I", "RI", "AI", "RAI", "CI", "RCI", "ACI",
        "RACI",
    ];
    let is = |list: &[Located<Text>]| list.iter().any(|r| r.value == role);
    let bits = usize::from(is(&raci.responsible))
        | usize::from(raci.accountable.value == role) << 1
        | usize::from(is(&raci.consulted)) << 2
        | usize::from(is(&raci.informed)) << 3;
    COMBINED[bits]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::source::{Loc, Source};

    fn roles(names: &[&str]) -> Vec<Located<Text>> {
        let at = Loc::file_start(&Source::new("t", ""));
        // Each a text of its own: the same words at different addresses.
        let owned = |name: &&str| Located::new(Text::Owned(name.to_string()), at.clone());
        names.iter().map(owned).collect()
    }

    /// A role is one column whether its name is the same text or the same words elsewhere.
    #[test]
    fn names_are_sorted_and_kept_once_however_many_places_they_stand_at() {
        // Each name at two places (two texts of the same words), each place named twice.
        let texts: Vec<String> = (0..120).map(|i| format!("role-{}", i % 60)).collect();
        for n in [0, 1, 5, 24, 25, 47, 48, 49, 120] {
            let places = texts[..n].iter().map(String::as_str);
            let mut names: Vec<&str> = places.clone().chain(places.rev()).collect();
            let mut expected = names.clone();
            expected.sort_unstable();
            expected.dedup();
            sort_distinct(&mut names);
            assert_eq!(names, expected, "{n}");
        }
    }

    #[test]
    fn a_role_named_by_two_texts_is_one_column() {
        let one = Raci {
            responsible: roles(&["engineer", "vendor-lead"]),
            accountable: roles(&["engineering-manager"]).remove(0),
            consulted: roles(&["engineer"]),
            informed: Vec::new(),
        };
        let two = Raci {
            responsible: roles(&["vendor-lead"]),
            accountable: roles(&["engineer"]).remove(0),
            consulted: Vec::new(),
            informed: roles(&["engineering-manager", "engineer"]),
        };
        let entries = vec![
            (ShownText::from("A"), ShownText::from("a"), &one),
            (ShownText::from("B"), ShownText::from("b"), &two),
        ];
        let RaciCells { roles, cells } = cells(&entries);
        assert_eq!(*roles, ["engineer", "engineering-manager", "vendor-lead"]);
        assert_eq!(*cells[0], ["RC", "A", "R"]);
        assert_eq!(*cells[1], ["AI", "I", "R"]);
    }
}
