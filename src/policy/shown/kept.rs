//! What the memo keeps of pack items themselves, rather than of texts: what the pages
//! show of each control's own texts ([`Shown::of_control`]) and each RACI table's
//! columns and cells ([`Shown::raci_cells`]). In: the items (controls, activities), kept
//! by their addresses; out: the value made of them once per pack set. The memo keeps the
//! items themselves, so that no others can take their addresses while it remembers them.

use std::any::Any;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::{Arc, Mutex};

use super::{KeyHasher, LIMIT, Shown, ShownText, Way, locked};
use crate::pack::Control;

/// A control's mappings to one framework as the pages show them: the framework's name and
/// its ids joined.
#[derive(serde::Serialize, Clone, Debug)]
pub struct MappingView {
    pub framework: ShownText,
    pub ids: ShownText,
}

/// What a RACI table shows of its rows' RACIs: its role columns, sorted, and each row's
/// letters, one for each column.
#[derive(Debug, Default)]
pub struct RaciCells {
    pub roles: Arc<[String]>,
    pub cells: Vec<Arc<[&'static str]>>,
}

/// Most RACI tables one pack set remembers: a few for each set of controls that apply
/// together (a table is larger than a text, and engagements whose controls apply in more
/// ways have their tables made).
const RACI_TABLES: usize = 1024;

/// Values made from pack items alone (a RACI table's cells), by the items' addresses in
/// order; the memo keeps the items themselves, so no others can take those addresses while
/// it remembers them ([`Shown::kept`]).
pub(super) type KeptMemo<V> = HashMap<Vec<usize>, (Vec<Arc<dyn Any + Send + Sync>>, Arc<V>)>;

/// What pages show of each control, by its address and the way its texts are filled (0
/// when they name no value, else the [`Way`] counted from 1), with the control itself, so
/// that no other takes its address while the memo remembers it.
pub(super) type ControlMemo = HashMap<
    (usize, usize),
    (Arc<Control>, Arc<dyn Any + Send + Sync>),
    BuildHasherDefault<KeyHasher>,
>;

/// A control's key in [`ControlMemo`]: its address, and the way counted from 1 (0 is the
/// packs' alone).
fn control_key(control: &Arc<Control>, filled: Option<Way>) -> (usize, usize) {
    let way = filled.map_or(0, |Way(way)| way + 1);
    (Arc::as_ptr(control) as usize, way)
}

impl Shown {
    /// What `make` makes of `control` alone (what pages show of its own texts), from the
    /// memo when an engagement on these packs made it before: it is the packs' alone, or,
    /// when the texts name parameters or tools, the packs' and the way they are filled
    /// (`filled`, [`Shown::way`]).
    pub fn of_control<V: Any + Send + Sync>(
        &self,
        control: &Arc<Control>,
        filled: Option<Way>,
        make: impl FnOnce() -> V,
    ) -> Arc<V> {
        if let Some(kept) = self.kept_control(control, filled) {
            return kept;
        }
        let made = Arc::new(make());
        if !self.remembers() {
            return made;
        }
        let key = control_key(control, filled);
        let mut memo = locked(&self.controls);
        if memo.len() < LIMIT {
            let value = Arc::clone(&made) as Arc<dyn Any + Send + Sync>;
            memo.insert(key, (Arc::clone(control), value));
        }
        made
    }

    /// What [`Shown::of_control`] made of `control` (filled as `filled` says) for an
    /// engagement before, if it did and the memo kept it.
    pub fn kept_control<V: Any + Send + Sync>(
        &self,
        control: &Arc<Control>,
        filled: Option<Way>,
    ) -> Option<Arc<V>> {
        if !self.remembers() {
            return None;
        }
        let key = control_key(control, filled);
        let kept = locked(&self.controls)
            .get(&key)
            .map(|(_, kept)| Arc::clone(kept))?;
        // The memo keeps one kind of value for each control: what its caller makes.
        kept.downcast::<V>().ok()
    }

    /// The RACI cells of a table whose rows are `rows` (controls or activities, in order),
    /// as `make` makes them, from the memo when an engagement on these packs had a table
    /// of the same rows before: the cells are the rows' RACIs alone.
    pub fn raci_cells<T: Any + Send + Sync>(
        &self,
        rows: &[&Arc<T>],
        make: impl FnOnce() -> RaciCells,
    ) -> Arc<RaciCells> {
        self.kept(&self.raci, rows, RACI_TABLES, || Arc::new(make()))
    }

    /// What `make` makes of `items` alone, from `memo` when it was made of the same items
    /// (the same values, in the same order) before; remembered with the items, while the
    /// memo holds fewer than `room`.
    fn kept<T: Any + Send + Sync, V: ?Sized>(
        &self,
        memo: &Mutex<KeptMemo<V>>,
        items: &[&Arc<T>],
        room: usize,
        make: impl FnOnce() -> Arc<V>,
    ) -> Arc<V> {
        if !self.remembers() {
            return make();
        }
        let places: Vec<usize> = items
            .iter()
            .map(|item| Arc::as_ptr(item) as usize)
            .collect();
        if let Some((_, made)) = locked(memo).get(&places) {
            return Arc::clone(made);
        }
        let made = make();
        let mut memo = locked(memo);
        if memo.len() < room {
            let kept = (items.iter()).map(|item| Arc::clone(item) as Arc<dyn Any + Send + Sync>);
            memo.insert(places, (kept.collect(), Arc::clone(&made)));
        }
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn core_controls() -> Vec<Arc<Control>> {
        let source = crate::diag::source::Source::new(
            "core.yaml",
            crate::input::builtin::pack("core").unwrap_or_default(),
        );
        let mut diags = crate::diag::Diagnostics::default();
        let pack = crate::input::decode(&source, &mut diags, crate::pack::Pack::decode);
        pack.expect("the core pack decodes").controls
    }

    #[test]
    fn a_raci_tables_cells_are_remembered_for_the_same_rows_in_the_same_order() {
        let controls = core_controls();
        let (a, b) = (&controls[0], &controls[1]);
        let made = |role: &str| RaciCells {
            roles: Arc::from([role.to_string()]),
            cells: Vec::new(),
        };
        let shown = Shown::default();
        let alone = shown.raci_cells(&[a, b], || made("x"));
        assert!(!Arc::ptr_eq(
            &alone,
            &shown.raci_cells(&[a, b], || made("x"))
        ));
        shown.share();
        let first = shown.raci_cells(&[a, b], || made("ab"));
        let again = shown.raci_cells(&[a, b], || panic!("made again"));
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(&*shown.raci_cells(&[b, a], || made("ba")).roles[0], "ba");
        assert_eq!(&*shown.raci_cells(&[a], || made("a")).roles[0], "a");
        // Past the memo's room, a table is made each time.
        let all = &controls;
        let triples = (all.iter()).flat_map(|x| {
            all.iter()
                .flat_map(move |y| all.iter().map(move |z| [x, y, z]))
        });
        let lists = triples.filter(|rows| !rows.iter().all(|row| Arc::ptr_eq(row, b)));
        let lists = lists.take(RACI_TABLES);
        lists.for_each(|rows| {
            shown.raci_cells(&rows, RaciCells::default);
        });
        let last = [b, b, b];
        let made_once = shown.raci_cells(&last, || made("bbb"));
        assert!(!Arc::ptr_eq(
            &made_once,
            &shown.raci_cells(&last, || made("bbb"))
        ));
    }

    #[test]
    fn what_pages_show_of_a_control_is_remembered_once_the_packs_are_shared_and_kept_apart() {
        let controls = core_controls();
        let (a, b) = (&controls[0], &controls[1]);
        let made = |name: &str| -> Vec<MappingView> {
            let framework = name.into();
            vec![MappingView {
                framework,
                ids: "1".into(),
            }]
        };
        let shown = Shown::default();
        let alone = shown.of_control(a, None, || made("a"));
        assert!(!Arc::ptr_eq(
            &alone,
            &shown.of_control(a, None, || made("a"))
        ));
        shown.share();
        let first = shown.of_control(a, None, || made("a"));
        let again = shown.of_control(a, None, || -> Vec<MappingView> { panic!("shown again") });
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(&*shown.of_control(b, None, || made("b"))[0].framework, "b");
        // Another kind of value for a control is made, not mistaken for the one kept.
        assert_eq!(*shown.of_control(a, None, || 7_u8), 7);
        // Each way of filling values is kept apart, and apart from the packs' alone.
        let ways = [Way(0), Way(1)].map(|way| shown.of_control(a, Some(way), || made("w")));
        assert!(!Arc::ptr_eq(&ways[0], &ways[1]) && !Arc::ptr_eq(&ways[0], &first));
        let again = shown.of_control(a, Some(Way(1)), || -> Vec<MappingView> { panic!("again") });
        assert!(Arc::ptr_eq(&ways[1], &again));
    }
}
