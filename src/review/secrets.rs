//! Secrets that must never reach a wiki: tokens, private keys, passwords in input files,
//! found by the one detector of [`crate::diag::secrets`].

use std::sync::Arc;

use crate::diag::source::{Loc, Source};
use crate::policy::resolve::Packs;

/// Every place in `source` that looks like a secret, with what it looks like.
pub fn find(source: &Arc<Source>) -> Vec<(Loc, &'static str)> {
    crate::diag::secrets::located(source)
}

/// Every secret in the engagement file and the pack files it applies (built-in packs
/// hold none; the pack files' were found once for every engagement on the same packs).
pub fn in_inputs(engagement: &Arc<Source>, packs: &Packs) -> Vec<(Loc, &'static str)> {
    let mut found = find(engagement);
    found.extend(packs.secrets.iter().cloned());
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keys_and_passwords_are_found_and_plain_text_is_not() {
        let text = "a: ghp_abcdefghijklmnopqrstuvwxyz0123456789AB\nb: the password policy\nc: password: hunter22x\nd: -----BEGIN RSA PRIVATE KEY-----\n";
        let source = Source::new("e.yaml", text);
        let lines: Vec<(usize, &str)> = find(&source)
            .iter()
            .map(|(at, what)| (at.line(), *what))
            .collect();
        assert_eq!(
            lines,
            [
                (1, "a GitHub token"),
                (3, "a password or key"),
                (4, "a private key")
            ]
        );
    }
}
