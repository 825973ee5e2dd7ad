//! A progress bar on standard error for large portfolios; hidden when standard error is
//! not a terminal, with `--quiet`, or for a handful of engagements.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Below this many engagements a build is too quick for a bar to help.
const MIN_ENGAGEMENTS: usize = 50;

/// A bar counting `len` engagements, or a hidden one.
pub fn bar(len: usize, quiet: bool) -> ProgressBar {
    if quiet || len < MIN_ENGAGEMENTS || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} engagements rendered") {
        bar.set_style(style);
    }
    bar
}
