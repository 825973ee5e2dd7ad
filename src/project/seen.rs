//! Which files a run over engagements takes, and which ids it saw: the paths without
//! repeats of the same file, and the ids of the results in the order they came, which give
//! the results' order by id and the ids used twice.
//!
//! In: the paths a run is given, then each result's id and file. Out: the paths to run,
//! the results' order, and an error for each id used twice.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::input::engagement::Engagement;

/// The paths without repeats of the same file (a glob and a name may both list it, or a
/// link lead to it), the first of each kept.
pub(super) fn unique(paths: &[PathBuf]) -> Vec<(usize, &PathBuf)> {
    let mut seen = std::collections::HashSet::with_capacity(paths.len());
    (paths.iter().enumerate())
        .filter(|(_, p)| seen.insert(FileKey::of(p)))
        .collect()
}

/// What tells one file from another: its device and node where the system gives them (one
/// look, where resolving the path asks once per folder and link), else its resolved path,
/// else its path with `.` and `..` taken out (a file that is not there).
#[derive(Hash, PartialEq, Eq)]
enum FileKey {
    Node(u64, u64),
    Path(PathBuf),
}

impl FileKey {
    fn of(path: &Path) -> FileKey {
        #[cfg(unix)]
        if let Ok(found) = std::fs::metadata(path) {
            use std::os::unix::fs::MetadataExt;
            return FileKey::Node(found.dev(), found.ino());
        }
        FileKey::Path(
            path.canonicalize()
                .unwrap_or_else(|_| crate::fs::normalize(path)),
        )
    }
}

/// The ids of the engagements whose results went to the sink, in the order they came,
/// each with the place of its file among the paths: the ids in one string and two numbers
/// each (about 20 bytes an engagement, where a map of ids took about 60: a portfolio's
/// run holds them to its end). An id used twice is found when the run is over, from the
/// ids sorted.
#[derive(Default)]
pub(super) struct Seen {
    /// The ids, one after another, in the order their results came.
    ids: String,
    /// For each result, in the order it came: where its id ends in `ids`, and the place
    /// of its file among the paths.
    came: Vec<(u32, u32)>,
}

impl Seen {
    /// Room for the ids of `results` results.
    pub(super) fn with_room(results: usize) -> Seen {
        Seen {
            ids: String::new(),
            came: Vec::with_capacity(results),
        }
    }

    /// Notes the id of the next result, from the file at place `file` of the paths.
    pub(super) fn note(&mut self, id: &str, file: usize) {
        self.ids.push_str(id);
        // Places and lengths within a run's paths and ids, far below 4 G.
        let end = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.came
            .push((end, u32::try_from(file).unwrap_or(u32::MAX)));
    }

    /// The id of the result that came at place `arrival`.
    fn id(&self, arrival: usize) -> &str {
        let start = match arrival {
            0 => 0,
            _ => self.came[arrival - 1].0 as usize,
        };
        &self.ids[start..self.came[arrival].0 as usize]
    }

    /// The places the results came in, in the order of their ids; an id's repeats after
    /// it, in the order they came.
    pub(super) fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.came.len()).collect();
        // Stable: the results of one id stay in the order they came.
        order.sort_by(|&a, &b| self.id(a).cmp(self.id(b)));
        order
    }

    /// Reports each result whose id an earlier one has, at the place its file writes the
    /// id, in the order they came, naming the first file; `order` is [`Seen::order`].
    /// Whether there was one.
    pub(super) fn report_repeats(
        &self,
        order: &[usize],
        paths: &[PathBuf],
        diags: &mut Diagnostics,
    ) -> bool {
        // Each repeat with the first result of its id.
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        let mut first = None;
        for (k, &arrival) in order.iter().enumerate() {
            let same = k > 0 && self.id(order[k - 1]) == self.id(arrival);
            match same {
                true => repeats.extend(first.map(|first| (arrival, first))),
                false => first = Some(arrival),
            }
        }
        repeats.sort_unstable();
        for &(repeat, first) in &repeats {
            let file = |arrival: usize| paths[self.came[arrival].1 as usize].as_path();
            let message = format!("engagement id `{}` is used twice", self.id(repeat));
            let first = Engagement::id_place(file(first))
                .map_or_else(|| crate::fs::display(file(first)), |at| at.to_string());
            let help = format!("also used at {first}; each engagement needs its own output folder");
            let diagnostic = match Engagement::id_place(file(repeat)) {
                Some(at) => Diagnostic::error(&at, message),
                None => Diagnostic::unlocated(message),
            };
            diags.push(diagnostic.with_help(help));
        }
        !repeats.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Seen;
    use crate::diag::Diagnostics;
    use std::path::PathBuf;

    /// Results in id order; an id used again (an error) after its first, in the order
    /// they came.
    #[test]
    fn seen_ids_give_the_results_in_id_order_repeats_after_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..5)
            .map(|i| dir.path().join(format!("{i}.yaml")))
            .collect();
        let mut seen = Seen::with_room(5);
        let mut diags = Diagnostics::default();
        for (file, id) in ["b", "a", "b", "c", "a"].into_iter().enumerate() {
            seen.note(id, file);
        }
        let order = seen.order();
        assert_eq!(order, [1, 4, 0, 2, 3]);
        assert!(seen.report_repeats(&order, &files, &mut diags));
        let errors: Vec<String> = (diags.items().iter())
            .map(|d| format!("{}; {}", d.message, d.help.as_deref().unwrap_or_default()))
            .collect();
        let also = |i: usize| {
            let file = crate::fs::display(&files[i]);
            format!("also used at {file}; each engagement needs its own output folder")
        };
        assert_eq!(
            errors,
            [
                format!("engagement id `b` is used twice; {}", also(0)),
                format!("engagement id `a` is used twice; {}", also(1)),
            ]
        );
        let mut unique = Seen::with_room(2);
        unique.note("ab", 0);
        unique.note("a", 1);
        assert_eq!(unique.order(), [1, 0]);
        let order = unique.order();
        assert!(!unique.report_repeats(&order, &files, &mut Diagnostics::default()));
    }
}
