//! `charter list`: packs, controls, documents and templates, built-in and local.

use std::path::{Path, PathBuf};

use crate::cli::{Format, ListArgs, ListWhat};
use crate::cmd::output::{data, pretty};
use crate::cmd::{Exit, Ui, print_diagnostics, summary};
use crate::diag::Diagnostics;
use crate::diag::source::Source;
use crate::fs;
use crate::input::builtin;
use crate::input::vocab::Document;
use crate::input::workspace::{self, FILE_NAME};
use crate::pack::Pack;
use crate::pack::load::decode_pack;
use crate::pack::reference;
use crate::review::rules::RULES;

/// Prints the requested listing.
pub fn run(args: &ListArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let paths = match args.paths.is_empty() {
        true => default_paths(args.workspace.as_deref(), &mut diags),
        false => Some(args.paths.clone()),
    };
    let Some(paths) = paths else {
        print_diagnostics(&diags, ui);
        return Exit::BadInput;
    };
    let table = match args.what {
        ListWhat::Packs => packs_table(&all_packs(&paths, &mut diags)),
        ListWhat::Controls => controls_table(&all_packs(&paths, &mut diags)),
        ListWhat::Documents => documents_table(),
        ListWhat::Templates => templates_table(&paths),
        ListWhat::Rules => rules_table(),
        ListWhat::PackReference => pack_reference(&mut diags),
    };
    print_diagnostics(&diags, ui);
    if diags.has_errors() {
        return Exit::BadInput;
    }
    match args.format {
        Format::Text => data(&table),
        Format::Json if args.what == ListWhat::PackReference => {
            data(&format!("{}\n", serde_json::Value::String(table)))
        }
        Format::Json => data(&pretty(&json_rows(&table))),
    }
    if args.paths.is_empty() && paths.is_empty() && local_content(args.what) {
        summary(
            ui,
            &format!(
                "no `{FILE_NAME}` here or in a parent folder: built-in content only (name folders to list their packs and templates)"
            ),
        );
    }
    Exit::Ok
}

/// Whether the listing includes local content.
fn local_content(what: ListWhat) -> bool {
    matches!(
        what,
        ListWhat::Packs | ListWhat::Controls | ListWhat::Templates
    )
}

/// The workspace's packs and templates folders; none outside a workspace.
fn default_paths(workspace: Option<&Path>, diags: &mut Diagnostics) -> Option<Vec<PathBuf>> {
    let file = match workspace {
        Some(dir) => Some(dir.join(FILE_NAME)),
        None => workspace::find(),
    };
    let Some(file) = file else {
        return Some(Vec::new());
    };
    let ws = workspace::load(&file, diags)?;
    Some(ws.packs.into_iter().chain(ws.templates).collect())
}

/// A tab-separated table (header line first) as an array of objects keyed by the
/// lower-cased header; counts are numbers.
fn json_rows(table: &str) -> serde_json::Value {
    let mut lines = table.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split('\t')
        .map(str::to_lowercase)
        .collect();
    let rows = lines.map(|line| {
        let object: serde_json::Map<String, serde_json::Value> = header
            .iter()
            .cloned()
            .zip(line.split('\t'))
            .map(|(key, v)| {
                let value = match (key.as_str(), v.parse::<u64>()) {
                    ("controls", Ok(n)) => serde_json::Value::from(n),
                    _ => serde_json::Value::String(v.to_string()),
                };
                (key, value)
            })
            .collect();
        serde_json::Value::Object(object)
    });
    serde_json::Value::Array(rows.collect())
}

/// Built-in packs, then local pack files found under `paths`: (where, pack).
pub fn all_packs(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<(String, Pack)> {
    let mut packs = Vec::new();
    for (name, text) in builtin::PACKS {
        let source = Source::builtin(name, text);
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
    let mut files: Vec<PathBuf> = paths
        .iter()
        .flat_map(|root| {
            // A folder that cannot be read lists nothing; `validate` reports why.
            let target = |name: &std::ffi::OsStr| name == "target";
            fs::visible_files(root, target, |_| true).unwrap_or_default()
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
        .filter_map(|(name, text)| decode_pack(&Source::builtin(name, text), diags))
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
