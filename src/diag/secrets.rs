//! The one secret detector: tokens, private keys and passwords. The review reports them
//! (`secret-in-file`), a build refuses to publish them, and every diagnostic redacts them
//! from the excerpts and messages it prints.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use memchr::memmem;
use regex::Regex;

use crate::diag::source::{Loc, Source};

/// A kind of secret: its pattern, what it is, and text every match of it holds.
struct Pattern {
    regex: &'static str,
    what: &'static str,
    /// Every match holds one of these (compared without ASCII case when `fold` is set), so
    /// text without any of them needs no search, and the pattern is compiled only once
    /// some text holds one.
    hints: &'static [&'static str],
    /// Or one of these keys, then white space or nothing, then `:` or `=`: a key named
    /// in prose (`rotate the token`) needs no search.
    keys: &'static [&'static str],
    fold: bool,
}

const PATTERNS: [Pattern; 8] = [
    Pattern {
        regex: r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
        what: "a private key",
        hints: &["PRIVATE KEY-----"],
        keys: &[],
        fold: false,
    },
    Pattern {
        regex: r"\bAKIA[0-9A-Z]{16}\b",
        what: "an AWS access key id",
        hints: &["AKIA"],
        keys: &[],
        fold: false,
    },
    Pattern {
        regex: r"\bgh[pousr]_[A-Za-z0-9]{36,}\b",
        what: "a GitHub token",
        hints: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        keys: &[],
        fold: false,
    },
    Pattern {
        regex: r"\bglpat-[A-Za-z0-9_-]{20,}\b",
        what: "a GitLab token",
        hints: &["glpat-"],
        keys: &[],
        fold: false,
    },
    Pattern {
        regex: r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b",
        what: "a Slack token",
        hints: &["xox"],
        keys: &[],
        fold: false,
    },
    Pattern {
        regex: r"\bsk_live_[A-Za-z0-9]{20,}\b",
        what: "a Stripe secret key",
        hints: &["sk_live_"],
        keys: &[],
        fold: false,
    },
    Pattern {
        regex: r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}",
        what: "a JSON web token",
        hints: &["eyJ"],
        keys: &[],
        fold: false,
    },
    // Unicode case folding lets `ſ` (long s) and `K` (Kelvin sign) match `s` and `k`:
    // their bytes are hints too.
    Pattern {
        regex: r#"(?i)\b(?:password|passwd|pwd|secret|api[-_]?key|token)\s*[:=]\s*["']?([^\s"',}]{6,})"#,
        what: "a password or key",
        hints: &["\u{17f}", "\u{212a}"],
        keys: &[
            "password", "passwd", "pwd", "secret", "apikey", "api-key", "api_key", "token",
        ],
        fold: true,
    },
];

/// The compiled pattern `i` of [`PATTERNS`], compiled on first use.
fn compiled(i: usize) -> Option<&'static Regex> {
    static COMPILED: [OnceLock<Option<Regex>>; 8] = [const { OnceLock::new() }; 8];
    COMPILED[i]
        .get_or_init(|| Regex::new(PATTERNS[i].regex).ok())
        .as_ref()
}

/// The patterns `text` may match (those with a hint in it), with what each finds.
fn candidates(text: &str) -> impl Iterator<Item = (&'static Regex, &'static str)> {
    let folded = text.to_ascii_lowercase();
    let finders = finders();
    let hinted: Vec<usize> = (0..PATTERNS.len())
        .filter(|&i| {
            let p = &PATTERNS[i];
            let hay = if p.fold { &folded } else { text };
            finders.hints[i]
                .iter()
                .any(|hint| hint.find(hay.as_bytes()).is_some())
                || finders.keys[i].iter().any(|key| assigned(hay, key))
        })
        .collect();
    hinted
        .into_iter()
        .filter_map(|i| Some((compiled(i)?, PATTERNS[i].what)))
}

/// Each pattern's hints and keys as searchers, built once: building one costs more than
/// searching a message with it.
struct Finders {
    hints: Vec<Vec<memmem::Finder<'static>>>,
    keys: Vec<Vec<memmem::Finder<'static>>>,
}

fn finders() -> &'static Finders {
    static FINDERS: OnceLock<Finders> = OnceLock::new();
    FINDERS.get_or_init(|| {
        let each = |words: &'static [&'static str]| words.iter().map(memmem::Finder::new).collect();
        Finders {
            hints: PATTERNS.iter().map(|p| each(p.hints)).collect(),
            keys: PATTERNS.iter().map(|p| each(p.keys)).collect(),
        }
    })
}

/// Whether `key` appears in `text` followed by white space or nothing, then `:` or `=`
/// (white space as the patterns' `\s`: Unicode's).
fn assigned(text: &str, key: &memmem::Finder<'_>) -> bool {
    key.find_iter(text.as_bytes()).any(|at| {
        let rest = text[at + key.needle().len()..].trim_start();
        rest.starts_with([':', '='])
    })
}

/// Every place in `text` that looks like a secret, sorted, without overlaps.
pub fn find(text: &str) -> Vec<(Range<usize>, &'static str)> {
    found_by(candidates(text), text)
}

/// Every line of `source` that holds something that looks like a secret: where, and what
/// it looks like.
pub fn located(source: &Arc<Source>) -> Vec<(Loc, &'static str)> {
    let mut found: Vec<(Loc, &'static str)> = (find(&source.text).into_iter())
        .map(|(range, what)| (Loc::new(source, range), what))
        .collect();
    found.dedup_by_key(|(at, _)| at.line());
    found
}

/// Every place in `text` one of `patterns` matches, sorted, without overlaps.
fn found_by(
    patterns: impl Iterator<Item = (&'static Regex, &'static str)>,
    text: &str,
) -> Vec<(Range<usize>, &'static str)> {
    let mut found: Vec<(Range<usize>, &'static str)> = patterns
        .flat_map(|(regex, what)| {
            // The value alone when the pattern captures it (`password: VALUE`).
            regex.captures_iter(text).filter_map(move |c| {
                let m = c.get(1).or_else(|| c.get(0))?;
                Some((m.range(), what))
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
    super::text::shown(text, &ranges).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pattern searched, hints or not.
    fn searched_everywhere(text: &str) -> Vec<(Range<usize>, &'static str)> {
        let all = (0..PATTERNS.len()).filter_map(|i| Some((compiled(i)?, PATTERNS[i].what)));
        found_by(all, text)
    }

    proptest::proptest! {
        #[test]
        fn hints_never_hide_a_secret(text in r"(ghp_|gho_|AKIA|glpat-|xoxb-|sk_live_|eyJ|\.|-----BEGIN RSA PRIVATE KEY-----|PassWord|passwd|PWD|ſecret|SECRET|toKen|Api_Key|apikey|api-key|: |=|:|'|\t|\u{a0}|\u{2003}|[A-Z0-9]{4,20}|[a-z0-9_-]{4,40}| |\n){0,12}") {
            proptest::prop_assert_eq!(find(&text), searched_everywhere(&text));
        }
    }

    #[test]
    fn case_folded_keywords_are_still_found() {
        for text in [
            "PASSWORD: hunter22x",
            "ſecret = abcdefgh",
            "toKen: abcdefgh",
            "api_key\u{a0}= abcdefgh",
            "Token\t\t:abcdefgh",
        ] {
            assert_eq!(find(text).len(), 1, "{text}");
        }
        for prose in [
            "rotate the token monthly",
            "a secret manager; passwords: none",
        ] {
            assert!(find(prose).is_empty(), "{prose}");
        }
    }

    #[test]
    fn keys_named_in_prose_need_no_search() {
        assert!(!assigned(
            "rotate the token monthly",
            &memmem::Finder::new("token")
        ));
        assert!(assigned(
            "the token \u{2003}= x",
            &memmem::Finder::new("token")
        ));
        assert!(!assigned("a token", &memmem::Finder::new("token")));
    }

    #[test]
    fn tokens_keys_and_passwords_are_found_and_plain_text_is_not() {
        let text = "a: ghp_abcdefghijklmnopqrstuvwxyz0123456789AB\nb: the password policy\nc: password: hunter22x\nd: -----BEGIN RSA PRIVATE KEY-----\n";
        let source = Source::new("e.yaml", text);
        let lines: Vec<(usize, &str)> = located(&source)
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
