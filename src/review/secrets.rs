//! Secrets that must never reach a wiki: tokens, private keys, passwords in input files,
//! found by the one detector of [`crate::diag::secrets`].

use std::sync::Arc;

use crate::diag::secrets::located;
use crate::diag::source::{Loc, Source};
use crate::policy::resolve::Packs;

/// Every secret in the engagement file and the pack files it applies (built-in packs
/// hold none; the pack files' were found once for every engagement on the same packs).
pub fn in_inputs(engagement: &Arc<Source>, packs: &Packs) -> Vec<(Loc, &'static str)> {
    let mut found = located(engagement);
    found.extend(packs.secrets.iter().cloned());
    found
}
