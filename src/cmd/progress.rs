//! A progress bar on standard error for large portfolios; hidden when standard error is
//! not a terminal, with `--quiet`, or for a handful of engagements. Diagnostics are
//! printed above it as each chunk of engagements is done, so that a large portfolio's
//! warnings are not all held until the end.

use std::io::IsTerminal;
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cmd::{Ui, print_found};
use crate::diag::Diagnostics;
use crate::project::Progress;

/// Below this many engagements a build is too quick for a bar to help.
const MIN_ENGAGEMENTS: usize = 50;

/// A bar counting engagements, drawn once their number is known to be worth it.
pub struct Bar {
    quiet: bool,
    ui: Ui,
    bar: OnceLock<ProgressBar>,
}

impl Bar {
    /// A bar; `quiet` keeps it hidden; diagnostics are printed as `ui` says.
    pub fn new(quiet: bool, ui: Ui) -> Bar {
        Bar {
            quiet,
            ui,
            bar: OnceLock::new(),
        }
    }
}

impl Progress for Bar {
    fn start(&self, len: usize) {
        let _ = self.bar.set(bar(len, self.quiet));
    }

    fn done(&self) {
        self.bar.get().inspect(|bar| bar.inc(1));
    }

    fn report(&self, diags: &mut Diagnostics) {
        let found = diags.take_found();
        match self.bar.get() {
            Some(bar) => bar.suspend(|| print_found(&found, &self.ui)),
            None => print_found(&found, &self.ui),
        }
    }

    fn finish(&self) {
        self.bar.get().inspect(|bar| bar.finish_and_clear());
    }
}

fn bar(len: usize, quiet: bool) -> ProgressBar {
    if quiet || len < MIN_ENGAGEMENTS || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} engagements rendered") {
        bar.set_style(style);
    }
    bar
}
