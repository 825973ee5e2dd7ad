//! The one secret detector: tokens, private keys and passwords. The review reports them
//! (`secret-in-file`), a build refuses to publish them, and every diagnostic redacts them
//! from the excerpts and messages it prints.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

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
            (r#"(?i)\b(?:password|passwd|pwd|secret|api[-_]?key|token)\s*[:=]\s*["']?([^\s"',}]{6,})"#, "a password or key"),
        ];
        table.iter().filter_map(|(p, what)| Regex::new(p).ok().map(|r| (r, *what))).collect()
    })
}

/// Every place in `text` that looks like a secret, sorted, without overlaps.
pub fn find(text: &str) -> Vec<(Range<usize>, &'static str)> {
    let mut found: Vec<(Range<usize>, &'static str)> = patterns()
        .iter()
        .flat_map(|(regex, what)| {
            // The value alone when the pattern captures it (`password: VALUE`).
            regex.captures_iter(text).filter_map(|c| {
                let m = c.get(1).or_else(|| c.get(0))?;
                Some((m.range(), *what))
            })
        })
        .collect();
    found.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    let mut out: Vec<(Range<usize>, &'static str)> = Vec::new();
    for (range, what) in found {
        match out.last_mut() {
            Some((last, _)) if range.start < last.end => last.end = last.end.max(range.end),
            _ => out.push((range, what)),
        }
    }
    out
}

/// `text` with every secret redacted (`ghp_…REDACTED`) and unsafe characters escaped.
pub fn scrub(text: &str) -> String {
    let ranges: Vec<Range<usize>> = find(text).into_iter().map(|(r, _)| r).collect();
    super::text::shown(text, &ranges).0
}
