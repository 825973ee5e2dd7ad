//! `charter schema`: write the JSON Schemas of the file formats.

use std::path::Path;

use crate::cmd::{Exit, Ui, print_diagnostics};
use crate::diag::Diagnostics;
use crate::fs::{self, OutputFile};
use crate::pack::schema;

/// Writes `engagement.schema.json` and `pack.schema.json` into `out`.
pub fn run(out: &Path, ui: &Ui) -> Exit {
    let files = [
        ("engagement.schema.json", schema::engagement()),
        ("pack.schema.json", schema::pack()),
    ];
    let files: Vec<OutputFile> = files
        .into_iter()
        .map(|(name, value)| OutputFile {
            path: name.to_string(),
            text: pretty(&value),
        })
        .collect();
    match fs::write_all(out, &files) {
        Ok(_) => {
            println!(
                "wrote {} and {}",
                out.join(&files[0].path).display(),
                out.join(&files[1].path).display()
            );
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

/// Pretty JSON with a final newline.
pub fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}
