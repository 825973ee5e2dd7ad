//! `charter build`: validate everything, then write what changed.

use crate::cli::BuildArgs;
use crate::cmd::{Exit, Ui, print_diagnostics, today};
use crate::diag::Diagnostics;
use crate::fsutil;
use crate::pipeline::{self, Options};
use crate::write;

/// Builds the engagements named on the command line.
pub fn run(args: &BuildArgs, ui: &Ui) -> Exit {
    let options = Options {
        templates: args.templates.clone(),
        today: args.today.unwrap_or_else(today),
    };
    let mut diags = Diagnostics::default();
    let files = pipeline::generate(&args.engagements, &options, &mut diags);
    print_diagnostics(&diags, ui);
    if diags.has_errors() {
        eprintln!("nothing was written");
        return Exit::BadInput;
    }
    match write::write_all(&args.out, &files) {
        Ok(report) => {
            if !args.quiet {
                let out = fsutil::display(&args.out);
                let (created, changed) = (report.created.len(), report.changed.len());
                println!(
                    "{out}: {created} created, {changed} changed, {} unchanged",
                    report.unchanged
                );
            }
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
