//! `charter validate`: check packs, engagements and templates; report every problem.

use crate::cli::ValidateArgs;
use crate::cmd::{Exit, Ui, open_project, print_diagnostics, summary};
use crate::diag::Diagnostics;
use crate::input::workspace::FILE_NAME;

/// Validates the given paths (default: the workspace's folders, else the built-in
/// content only).
pub fn run(args: &ValidateArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let Some(project) = open_project(&args.project, None, None, &mut diags) else {
        print_diagnostics(&diags, ui);
        return Exit::BadInput;
    };
    let checked = project.validate(&args.paths, &mut diags);
    print_diagnostics(&diags, ui);
    let warnings = diags.items().len() - diags.error_count();
    if args.paths.is_empty() && project.workspace.is_none() {
        summary(
            ui,
            &format!(
                "no `{FILE_NAME}` here or in a parent folder: checking the built-in packs and templates only (name files or folders to check them)"
            ),
        );
    }
    summary(
        ui,
        &format!(
            "checked {} packs, {} engagements, {} template folders: {} errors, {warnings} warnings",
            checked.packs,
            checked.engagements,
            checked.template_dirs,
            diags.error_count()
        ),
    );
    if diags.has_errors() || (args.deny_warnings && warnings > 0) {
        Exit::BadInput
    } else {
        Exit::Ok
    }
}
