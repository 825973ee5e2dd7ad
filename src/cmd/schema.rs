//! `charter schema`: print (or write) the JSON Schemas of the file formats.

use crate::cli::{SchemaArgs, SchemaWhich};
use crate::cmd::output::{data, pretty, write_new_or_same};
use crate::cmd::{Exit, Ui, print_diagnostics, summary};
use crate::diag::Diagnostics;
use crate::fs::OutputFile;
use crate::pack::schema;

/// Prints one schema, or writes both into `--out`.
pub fn run(args: &SchemaArgs, ui: &Ui) -> Exit {
    let Some(out) = &args.out else {
        let value = match args.which {
            SchemaWhich::Engagement => schema::engagement(),
            SchemaWhich::Pack => schema::pack(),
        };
        data(&pretty(&value));
        return Exit::Ok;
    };
    let files = files();
    let mut diags = Diagnostics::default();
    match write_new_or_same(out, &files, true) {
        Ok(written) => {
            summary(ui, &format!("wrote {}", written.join(" and ")));
            Exit::Ok
        }
        Err(e) => {
            diags.push(e);
            print_diagnostics(&diags, ui);
            Exit::BadInput
        }
    }
}

/// Both schemas as files, by their usual names.
pub fn files() -> Vec<OutputFile> {
    [
        ("engagement.schema.json", schema::engagement()),
        ("pack.schema.json", schema::pack()),
    ]
    .into_iter()
    .map(|(name, value)| OutputFile {
        path: name.to_string(),
        text: pretty(&value),
    })
    .collect()
}
