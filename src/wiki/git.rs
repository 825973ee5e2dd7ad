//! `--commit`: stage exactly the files a build wrote or removed and commit them.
//!
//! charter shells out to `git`, so the user's configuration, signing and hooks apply. It
//! refuses to start when the index already holds changes it would not make itself, since
//! they would end up in its commit.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diag::Diagnostic;
use crate::fs;
use crate::wiki::apply::Applied;

/// The work tree holding the output folder.
#[derive(Debug)]
pub struct Repo {
    /// The work tree's top folder; git runs here.
    top: PathBuf,
    /// The output folder relative to the top, `/`-separated, `""` at the top.
    prefix: String,
}

impl Repo {
    /// The work tree around `out` (which need not exist yet), or why there is none.
    pub fn open(out: &Path) -> Result<Repo, Diagnostic> {
        let absolute = std::path::absolute(out).map_err(|e| fail(out, &e.to_string()))?;
        let existing = absolute
            .ancestors()
            .find(|dir| dir.is_dir())
            .ok_or_else(|| fail(out, "no folder of it exists"))?;
        let top = git(existing, &["rev-parse", "--show-toplevel"], None).map_err(|e| {
            Diagnostic::unlocated(format!(
                "--commit needs the output folder `{}` to be in a git work tree: {e}",
                fs::display(out)
            ))
        })?;
        let top = PathBuf::from(top.trim());
        let canonical = |p: &Path| p.canonicalize().map_err(|e| fail(p, &e.to_string()));
        let inside =
            canonical(existing)?.join(absolute.strip_prefix(existing).unwrap_or(Path::new("")));
        let prefix = inside
            .strip_prefix(canonical(&top)?)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .map_err(|_| fail(out, "the output folder is outside the work tree"))?;
        Ok(Repo { top, prefix })
    }

    /// Refuses when the index holds changes to files other than `paths`.
    pub fn check_staged(&self, paths: &[String]) -> Result<(), Diagnostic> {
        let staged = git(&self.top, &["diff", "--cached", "--name-only", "-z"], None)
            .map_err(|e| fail(&self.top, &e))?;
        let ours: Vec<String> = paths.iter().map(|p| self.top_relative(p)).collect();
        let unrelated: Vec<&str> = staged
            .split('\0')
            .filter(|p| !p.is_empty() && !ours.iter().any(|o| o == p))
            .collect();
        if unrelated.is_empty() {
            return Ok(());
        }
        Err(Diagnostic::unlocated(format!(
            "refusing to commit: the index already holds changes to {}",
            unrelated.join(", ")
        ))
        .with_help(
            "commit or unstage them first (`git restore --staged PATH`); nothing was written",
        ))
    }

    /// Stages the files written and removed (relative to the output folder) and commits
    /// them; returns whether there was anything to commit.
    pub fn commit(
        &self,
        written: &[String],
        removed: &[String],
        message: &str,
    ) -> Result<bool, Diagnostic> {
        let fail = |e: String| fail(&self.top, &e);
        let from_top = |paths: &[String]| -> Vec<String> {
            paths.iter().map(|p| self.top_relative(p)).collect()
        };
        if !written.is_empty() {
            let add = ["add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul"];
            git(&self.top, &add, Some(&nul_list(&from_top(written)))).map_err(fail)?;
        }
        if !removed.is_empty() {
            let rm = [
                "rm",
                "--cached",
                "--quiet",
                "--ignore-unmatch",
                "--pathspec-from-file=-",
                "--pathspec-file-nul",
            ];
            git(&self.top, &rm, Some(&nul_list(&from_top(removed)))).map_err(fail)?;
        }
        let staged = git(&self.top, &["diff", "--cached", "--name-only"], None).map_err(fail)?;
        if staged.trim().is_empty() {
            return Ok(false);
        }
        git(&self.top, &["commit", "--quiet", "-F", "-"], Some(message)).map_err(fail)?;
        Ok(true)
    }

    /// Refuses when git ignores the output folder or any of `paths` in it: their commit
    /// would fail after they were written.
    pub fn check_not_ignored(&self, paths: &[String]) -> Result<(), Diagnostic> {
        let mut all = vec![self.top_relative(".charter-probe")];
        all.extend(paths.iter().map(|p| self.top_relative(p)));
        let ignored = git(
            &self.top,
            &["check-ignore", "-z", "--stdin"],
            Some(&nul_list(&all)),
        );
        let Ok(ignored) = ignored else {
            return Ok(()); // exit 1: nothing is ignored
        };
        let ignored: Vec<&str> = ignored.split('\0').filter(|p| !p.is_empty()).collect();
        if ignored.is_empty() {
            return Ok(());
        }
        let message = format!(
            "refusing to commit: git ignores {}; nothing was written",
            ignored.join(", ")
        );
        Err(Diagnostic::unlocated(message)
            .with_help("remove the output folder from .gitignore, or build without --commit"))
    }

    /// Takes `paths` (relative to the output folder) out of the index again.
    pub fn unstage(&self, paths: &[String]) {
        let list = nul_list(
            &paths
                .iter()
                .map(|p| self.top_relative(p))
                .collect::<Vec<_>>(),
        );
        let reset = [
            "reset",
            "-q",
            "--pathspec-from-file=-",
            "--pathspec-file-nul",
        ];
        if git(&self.top, &reset, Some(&list)).is_err() {
            let rm = [
                "rm",
                "--cached",
                "-q",
                "--ignore-unmatch",
                "--pathspec-from-file=-",
                "--pathspec-file-nul",
            ];
            let _ = git(&self.top, &rm, Some(&list));
        }
    }

    /// Commits exactly the files a build wrote or removed, with a message naming the
    /// engagements changed; returns what to tell the user.
    pub fn commit_applied(&self, applied: &Applied) -> Result<String, Diagnostic> {
        let written: Vec<String> = applied.written().map(|p| p.to_string()).collect();
        let removed: Vec<String> = applied.removed().map(|p| p.to_string()).collect();
        let mut engagements: Vec<String> = (applied.files())
            .filter_map(|e| e.engagement.map(str::to_string))
            .collect();
        engagements.sort();
        engagements.dedup();
        let portfolio = applied.files().any(|e| e.engagement.is_none());
        let message = message(&engagements, portfolio);
        let committed = self.commit(&written, &removed, &message)?;
        Ok(match committed {
            true => format!("committed: {}", message.lines().next().unwrap_or_default()),
            false => "nothing to commit".to_string(),
        })
    }

    fn top_relative(&self, relative: &str) -> String {
        if self.prefix.is_empty() {
            relative.to_string()
        } else {
            format!("{}/{relative}", self.prefix)
        }
    }
}

/// The commit message: a subject naming what changed and the engagements, one a line.
pub fn message(engagements: &[String], portfolio: bool) -> String {
    let subject = match engagements {
        [] => "Update the wiki's portfolio pages".to_string(),
        [one] => format!("Update the wiki for {one}"),
        many => format!("Update the wiki for {} engagements", many.len()),
    };
    let mut text = format!("{subject}\n\n");
    if !engagements.is_empty() {
        text.push_str("Engagements changed:\n");
        for id in engagements {
            text.push_str(&format!("- {id}\n"));
        }
    }
    if portfolio {
        text.push_str("Portfolio pages updated.\n");
    }
    text
}

fn nul_list(paths: &[String]) -> String {
    paths.iter().map(|p| format!("{p}\0")).collect()
}

fn fail(dir: &Path, error: &str) -> Diagnostic {
    Diagnostic::unlocated(format!("git failed in `{}`: {error}", fs::display(dir)))
}

/// Runs git in `dir`, feeding `input` on standard input; standard output, or the error.
/// Paths are names, never globs or `:(magic)`: pathspecs are literal (`check-ignore`,
/// which takes paths rather than pathspecs, refuses the option and does not need it).
fn git(dir: &Path, args: &[&str], input: Option<&str>) -> Result<String, String> {
    let literal = args.first() != Some(&"check-ignore");
    let mut child = Command::new("git")
        .args(literal.then_some("--literal-pathspecs"))
        .args(args)
        .current_dir(dir)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot talk to git: {e}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("git did not finish: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(format!("`git {}`: {}", args.join(" "), stderr.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_lists_the_engagements() {
        let one = message(&["acme".into()], true);
        assert!(one.starts_with("Update the wiki for acme\n\n"), "{one}");
        let two = message(&["a".into(), "b".into()], false);
        assert!(
            two.starts_with("Update the wiki for 2 engagements"),
            "{two}"
        );
        assert!(two.contains("- a\n- b\n"), "{two}");
    }
}

/// Who ticked a checklist item: the commit that turned its box from `[ ]` (or absent) to
/// `[x]`, the last such commit when it was unticked and ticked again.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Tick {
    /// The commit's full id.
    pub commit: String,
    /// Its author's name (the web user for an edit in a forge's web editor).
    pub author: String,
    /// Its author's e-mail address.
    pub email: String,
    /// Its author date, ISO 8601 with the offset.
    pub date: String,
}

/// For each item key ticked in the last committed version of `page` (relative to `wiki`),
/// the commit that ticked it; the boxes are found as the wiki scan finds them.
/// An error when `wiki` is not in a git work tree.
pub fn tick_history(
    wiki: &Path,
    page: &str,
) -> Result<std::collections::BTreeMap<String, Tick>, Diagnostic> {
    use std::collections::BTreeMap;
    let log = git(
        wiki,
        &[
            "log",
            "--reverse",
            "--format=%H%x1f%an%x1f%ae%x1f%aI",
            "--",
            page,
        ],
        None,
    )
    .map_err(|e| fail(wiki, &e))?;
    let mut ticks: BTreeMap<String, Tick> = BTreeMap::new();
    let mut before: BTreeSet<String> = BTreeSet::new();
    for line in log.lines() {
        let fields: Vec<&str> = line.split('\u{1f}').collect();
        let [commit, author, email, date] = fields[..] else {
            continue;
        };
        // The page may be gone in this commit (deleted, moved): nothing is ticked then.
        let text = git(wiki, &["show", &format!("{commit}:./{page}")], None).unwrap_or_default();
        let checked: BTreeSet<String> = crate::wiki::state::read(&text)
            .state
            .items
            .into_iter()
            .filter(|item| item.checked)
            .map(|item| item.id)
            .collect();
        for key in checked.difference(&before) {
            let tick = Tick {
                commit: commit.to_string(),
                author: author.to_string(),
                email: email.to_string(),
                date: date.to_string(),
            };
            ticks.insert(key.clone(), tick);
        }
        ticks.retain(|key, _| checked.contains(key));
        before = checked;
    }
    Ok(ticks)
}

/// Whether `dir` is inside a git work tree.
pub fn is_repository(dir: &Path) -> bool {
    git(dir, &["rev-parse", "--is-inside-work-tree"], None).is_ok_and(|o| o.trim() == "true")
}
