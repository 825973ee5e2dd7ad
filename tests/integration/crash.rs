//! Crash safety: `charter build` killed at random points of a large portfolio build leaves
//! every file either its old or its new complete version, never loses a tick, and a rerun
//! converges on exactly what an uninterrupted build writes.
//!
//! `CHARTER_CRASH_KILLS` sets the number of kills (12 by default).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{copy_tree, example_engagement, read_tree, write};

const ENGAGEMENTS: usize = 120;

/// A portfolio of `ENGAGEMENTS` engagements; `version` changes every engagement's text.
fn portfolio(dir: &Path, version: u32) {
    for i in 0..ENGAGEMENTS {
        let text = example_engagement(&format!("e{i:03}"), "[builtin:core]").replace(
            "access-review-days: 14",
            &format!("access-review-days: {}", 14 + version),
        );
        write(&dir.join(format!("engagements/e{i:03}.yaml")), &text);
    }
}

fn build(dir: &Path) -> std::process::Child {
    let mut files: Vec<String> = (0..ENGAGEMENTS)
        .map(|i| format!("engagements/e{i:03}.yaml"))
        .collect();
    files.sort();
    Command::new(env!("CARGO_BIN_EXE_charter"))
        .arg("build")
        .args(&files)
        .args(["--out", "wiki", "--quiet"])
        .current_dir(dir)
        .env("CHARTER_TODAY", "2026-11-24")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn build_to_end(dir: &Path) {
    assert!(build(dir).wait().unwrap().success());
}

/// Ticks the first item of every onboarding checklist, by hand.
fn tick_everything(wiki: &Path) {
    for (name, text) in read_tree(wiki) {
        if name.ends_with("onboarding-checklist.md") {
            std::fs::write(wiki.join(&name), text.replacen("- [ ] `", "- [x] `", 1)).unwrap();
        }
    }
}

/// A small deterministic random sequence (xorshift).
struct Random(u64);

impl Random {
    fn below(&mut self, limit: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % limit.max(1)
    }
}

#[test]
fn a_killed_build_leaves_old_or_new_files_and_a_rerun_converges() {
    let kills: usize = std::env::var("CHARTER_CRASH_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(12);
    // The wiki before: built from version 0, then ticked by people.
    let before = tempfile::tempdir().unwrap();
    portfolio(before.path(), 0);
    build_to_end(before.path());
    tick_everything(&before.path().join("wiki"));
    let old = read_tree(&before.path().join("wiki"));
    // The wiki after an uninterrupted build of version 1 over it.
    let after = tempfile::tempdir().unwrap();
    copy_tree(before.path(), after.path());
    portfolio(after.path(), 1);
    let started = Instant::now();
    build_to_end(after.path());
    let full = started.elapsed();
    let new = read_tree(&after.path().join("wiki"));
    assert_ne!(old, new);
    assert!(
        new.iter()
            .filter(|(n, t)| n.ends_with("onboarding-checklist.md") && t.contains("- [x] `"))
            .count()
            == ENGAGEMENTS
    );

    let mut random = Random(0x2545_f491_4f6c_dd1d);
    let (mut mixed, mut untouched, mut finished) = (0, 0, 0);
    for kill in 0..kills {
        let work = tempfile::tempdir().unwrap();
        copy_tree(before.path(), work.path());
        portfolio(work.path(), 1);
        let mut child = build(work.path());
        // A third of the kills anywhere in the run, a third around its end (80% to 120% of
        // an uninterrupted build), and a third as soon as the first page was replaced, so
        // that some land while pages are being renamed into place one by one.
        let span = full.as_millis() as u64 + 20;
        let delay = match kill % 3 {
            0 => random.below(span),
            1 => span * 4 / 5 + random.below(span * 2 / 5 + 1),
            _ => wait_for_first_replacement(&work.path().join("wiki"), &old, span * 3),
        };
        if kill % 3 != 2 {
            std::thread::sleep(Duration::from_millis(delay));
        }
        let _ = child.kill();
        let _ = child.wait();
        let (mut as_old, mut as_new) = (0, 0);
        for (name, text) in read_tree(&work.path().join("wiki")) {
            let file = name.rsplit('/').next().unwrap();
            if file.starts_with(".charter-") {
                continue; // staged by the killed build; the next build sweeps it
            }
            let was = old.iter().find(|(n, _)| *n == name).map(|(_, t)| t);
            let will = new.iter().find(|(n, _)| *n == name).map(|(_, t)| t);
            assert!(
                Some(&text) == was || Some(&text) == will,
                "kill {kill} after {delay} ms: {name} is neither old nor new"
            );
            as_old += usize::from(Some(&text) == was);
            as_new += usize::from(Some(&text) == will && Some(&text) != was);
        }
        mixed += usize::from(as_old > 0 && as_new > 0);
        untouched += usize::from(as_new == 0);
        finished += usize::from(as_old == 0);
        build_to_end(work.path());
        assert_eq!(
            read_tree(&work.path().join("wiki")),
            new,
            "kill {kill} after {delay} ms: the rerun did not converge"
        );
    }
    eprintln!(
        "{kills} kills in a {} ms build: {untouched} before any page was replaced, {mixed} while pages were being replaced, {finished} after all were",
        full.as_millis()
    );
    assert!(mixed > 0, "no kill landed while pages were being replaced");
}

/// Waits until the first page (in the order a build replaces them) differs from `old`,
/// or `limit` milliseconds pass; returns the milliseconds waited.
fn wait_for_first_replacement(wiki: &Path, old: &[(String, String)], limit: u64) -> u64 {
    let (name, was) = old.first().expect("a page");
    let started = Instant::now();
    while (started.elapsed().as_millis() as u64) < limit {
        if std::fs::read_to_string(wiki.join(name)).is_ok_and(|now| &now != was) {
            break;
        }
        std::hint::spin_loop();
    }
    started.elapsed().as_millis() as u64
}
