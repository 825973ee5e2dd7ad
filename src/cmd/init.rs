//! `charter init` (a workspace to start from) and `charter eject templates` (the built-in
//! templates copied out for overriding).

use std::path::Path;

use crate::cli::{EjectArgs, EjectWhat, InitArgs};
use crate::cmd::output::write_new_or_same;
use crate::cmd::{Exit, Ui, print_diagnostics, schema, summary};
use crate::diag::Diagnostics;
use crate::fs::{self, OutputFile};
use crate::input::builtin;

/// The files of a new workspace; `{{...}}` placeholders are filled in by [`scaffold`].
const SCAFFOLD: &[(&str, &str)] = &[
    ("charter.yaml", include_str!("../../scaffold/charter.yaml")),
    (
        "engagements/example.yaml",
        include_str!("../../scaffold/engagements/example.yaml"),
    ),
    (
        "policies/organisation.yaml",
        include_str!("../../scaffold/policies/organisation.yaml"),
    ),
    ("mkdocs.yml", include_str!("../../scaffold/mkdocs.yml")),
    (
        "mkdocs_nav.py",
        include_str!("../../scaffold/mkdocs_nav.py"),
    ),
    (
        ".github/workflows/charter.yml",
        include_str!("../../scaffold/.github/workflows/charter.yml"),
    ),
    (
        ".gitlab-ci.yml",
        include_str!("../../scaffold/.gitlab-ci.yml"),
    ),
    (
        ".pre-commit-config.yaml",
        include_str!("../../scaffold/.pre-commit-config.yaml"),
    ),
    (".gitignore", include_str!("../../scaffold/.gitignore")),
    (
        ".markdownlint-cli2.yaml",
        include_str!("../../scaffold/.markdownlint-cli2.yaml"),
    ),
];

/// Scaffold files left out when the folder already has one.
const OPTIONAL: &[&str] = &[".gitignore"];

/// Creates a workspace in `args.dir`.
pub fn run(args: &InitArgs, ui: &Ui) -> Exit {
    let mut files = scaffold(crate::cmd::today_or_env());
    for mut schema in schema::files() {
        schema.path = format!("schemas/{}", schema.path);
        files.push(schema);
    }
    // A repository's own .gitignore stays as it is.
    files.retain(|f| !(OPTIONAL.contains(&f.path.as_str()) && args.dir.join(&f.path).exists()));
    write(&args.dir, &files, ui, |written| {
        let dir = fs::display(&args.dir);
        let cd = match dir.as_str() {
            "" | "." => String::new(),
            _ => format!("cd {dir} && "),
        };
        format!(
            "created a charter workspace ({written} files); next: {cd}charter build && charter build --check"
        )
    })
}

/// Copies the built-in templates into `args.dir`.
pub fn eject(args: &EjectArgs, ui: &Ui) -> Exit {
    let files: Vec<OutputFile> = match args.what {
        EjectWhat::Templates => builtin::TEMPLATES
            .iter()
            .map(|(name, text)| OutputFile {
                path: name.to_string(),
                text: text.to_string(),
            })
            .collect(),
    };
    write(&args.dir, &files, ui, |written| {
        format!(
            "copied {written} templates into {}; set `templates: {}` in charter.yaml (or pass --templates) and delete those you keep as they are",
            fs::display(&args.dir),
            fs::display(&args.dir)
        )
    })
}

fn write(dir: &Path, files: &[OutputFile], ui: &Ui, done: impl Fn(usize) -> String) -> Exit {
    match write_new_or_same(dir, files, false) {
        Ok(written) => {
            summary(ui, &done(written.len()));
            Exit::Ok
        }
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.push(e);
            print_diagnostics(&diags, ui);
            Exit::BadInput
        }
    }
}

/// The workspace's files for a first engagement starting two weeks after `today`.
pub fn scaffold(today: jiff::civil::Date) -> Vec<OutputFile> {
    let starts = today
        .checked_add(jiff::Span::new().days(14))
        .unwrap_or(today);
    let ends = starts
        .checked_add(jiff::Span::new().months(4))
        .unwrap_or(starts);
    let repository = env!("CARGO_PKG_REPOSITORY");
    let action = repository
        .trim_start_matches("https://github.com/")
        .trim_end_matches('/');
    let fill = |text: &str| {
        text.replace("{{starts}}", &starts.to_string())
            .replace("{{ends}}", &ends.to_string())
            .replace("{{repository}}", repository)
            .replace("{{action}}", action)
            .replace("{{package}}", env!("CARGO_PKG_NAME"))
            .replace("{{version}}", env!("CARGO_PKG_VERSION"))
            .replace("{{rust}}", env!("CARGO_PKG_RUST_VERSION"))
    };
    SCAFFOLD
        .iter()
        .map(|(path, text)| OutputFile {
            path: path.to_string(),
            text: fill(text),
        })
        .collect()
}
