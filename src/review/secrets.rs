//! Secrets that must never reach a wiki: tokens, private keys, passwords in input files.

use std::sync::{Arc, OnceLock};

use regex::Regex;

use crate::diag::source::{Loc, Source};

/// Patterns of secrets, with what each is.
fn patterns() -> &'static [(Regex, &'static str)] {
    static PATTERNS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let table: [(&str, &'static str); 8] = [
            (r"-----BEGIN [A-Z ]*PRIVATE KEY-----", "a private key"),
            (r"\bAKIA[0-9A-Z]{16}\b", "an AWS access key id"),
            (r"\bgh[pousr]_[A-Za-z0-9]{36,}\b", "a GitHub token"),
            (r"\bglpat-[A-Za-z0-9_-]{20,}\b", "a GitLab token"),
            (r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b", "a Slack token"),
            (r"\bsk_live_[A-Za-z0-9]{20,}\b", "a Stripe secret key"),
            (r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}", "a JSON web token"),
            (r#"(?i)\b(password|passwd|pwd|secret|api[-_]?key|token)\s*[:=]\s*["']?[^\s"',}]{6,}"#, "a password or key"),
        ];
        table.iter().filter_map(|(p, what)| Regex::new(p).ok().map(|r| (r, *what))).collect()
    })
}

/// Every place in `source` that looks like a secret, with what it looks like.
pub fn find(source: &Arc<Source>) -> Vec<(Loc, &'static str)> {
    let mut found: Vec<(Loc, &'static str)> = patterns()
        .iter()
        .flat_map(|(regex, what)| {
            regex
                .find_iter(&source.text)
                .map(|m| (Loc::new(source, m.range()), *what))
        })
        .collect();
    found.sort_by_key(|(at, _)| at.span.start);
    found.dedup_by_key(|(at, _)| at.line());
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
