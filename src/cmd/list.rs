//! `charter list`: packs, controls, documents and templates, built-in and local.

use std::path::{Path, PathBuf};

use crate::cli::{ListArgs, ListWhat};
use crate::cmd::{Exit, Ui, print_diagnostics};
use crate::diag::Diagnostics;
use crate::diag::source::Source;
use crate::fs;
use crate::input::builtin;
use crate::input::vocab::Document;
use crate::pack::Pack;
use crate::pack::load::decode_pack;
use crate::pack::reference;
use crate::review::rules::RULES;

/// Prints the requested listing.
pub fn run(args: &ListArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let text = match args.what {
        ListWhat::Packs => packs_table(&all_packs(&args.paths, &mut diags)),
        ListWhat::Controls => controls_table(&all_packs(&args.paths, &mut diags)),
        ListWhat::Documents => documents_table(),
        ListWhat::Templates => templates_table(&args.paths),
        ListWhat::Rules => rules_table(),
        ListWhat::PackReference => pack_reference(&mut diags),
    };
    print_diagnostics(&diags, ui);
    print!("{text}");
    if diags.has_errors() {
        Exit::BadInput
    } else {
        Exit::Ok
    }
}

/// Built-in packs, then local pack files found under `paths`: (where, pack).
fn all_packs(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<(String, Pack)> {
    let mut packs = Vec::new();
    for (name, text) in builtin::PACKS {
        let source = Source::builtin(name, *text);
        if let Some(pack) = decode_pack(&source, diags) {
            packs.push((source.name.clone(), pack));
        }
    }
    for path in local_files(paths, |p| has_ext(p, &["yaml", "yml"])) {
        let Ok(source) = fs::read_source(&path) else {
            continue;
        };
        if !source.text.lines().any(|l| l.starts_with("pack:")) {
            continue;
        }
        if let Some(pack) = decode_pack(&source, diags) {
            packs.push((fs::display(&path), pack));
        }
    }
    packs
}

fn local_files(paths: &[PathBuf], keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let default = [PathBuf::from(".")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files: Vec<PathBuf> = roots
        .iter()
        .flat_map(|root| {
            walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_type().is_file()
                        && !e.path().components().any(|c| c.as_os_str() == "target")
                })
                .map(|e| e.path().to_path_buf())
        })
        .filter(|p| keep(p))
        .collect();
    files.sort();
    files.dedup();
    files
}

fn has_ext(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .is_some_and(|e| extensions.iter().any(|x| e == *x))
}

fn packs_table(packs: &[(String, Pack)]) -> String {
    let mut out = String::from("PACK\tVERSION\tCONTROLS\tSOURCE\tTITLE\n");
    for (origin, p) in packs {
        let row = format!(
            "{}\t{}\t{}\t{origin}\t{}\n",
            p.name.value,
            p.version.value,
            p.controls.len(),
            p.title
        );
        out.push_str(&row);
    }
    out
}

fn controls_table(packs: &[(String, Pack)]) -> String {
    let mut out = String::from("CONTROL\tPACK\tSEVERITY\tPHASE\tTITLE\n");
    for (_, p) in packs {
        for c in &p.controls {
            let row = format!(
                "{}\t{}\t{}\t{}\t{}\n",
                c.id.value, p.name.value, c.severity.value, c.phase.value, c.title.value
            );
            out.push_str(&row);
        }
    }
    out
}

fn rules_table() -> String {
    let mut out = String::from("RULE\tSEVERITY\tCHECKS\n");
    for rule in RULES {
        out.push_str(&format!("{}\t{}\t{}\n", rule.id, rule.severity, rule.title));
    }
    out
}

/// The built-in packs' reference page.
fn pack_reference(diags: &mut Diagnostics) -> String {
    let packs: Vec<Pack> = builtin::PACKS
        .iter()
        .filter_map(|(name, text)| decode_pack(&Source::builtin(name, *text), diags))
        .collect();
    reference::markdown(&packs)
}

fn documents_table() -> String {
    let mut out = String::from("DOCUMENT\tTITLE\n");
    for document in Document::ALL {
        out.push_str(&format!("{document}.md\t{}\n", document.title()));
    }
    out
}

fn templates_table(paths: &[PathBuf]) -> String {
    let mut out = String::from("TEMPLATE\tSOURCE\n");
    for (name, _) in builtin::TEMPLATES {
        out.push_str(&format!("{name}\tbuilt-in\n"));
    }
    let in_templates_dir = |p: &Path| {
        has_ext(p, &["md"])
            && p.parent()
                .and_then(Path::file_name)
                .is_some_and(|d| d == "templates")
    };
    for path in local_files(paths, in_templates_dir) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push_str(&format!("{name}\t{}\n", fs::display(&path)));
    }
    out
}
