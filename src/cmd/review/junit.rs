//! The review as a JUnit XML report: one test suite per engagement, one test case per
//! rule, failed when the rule has findings (each finding listed with its file and line).

use std::fmt::Write;
use std::path::Path;

use crate::review::Finding;
use crate::review::rules::RULES;

/// The report of every engagement's findings (`(engagement id, findings)`).
pub fn report(reviews: &[(&str, &[Finding])], root: &Path) -> String {
    let tests: usize = reviews.iter().map(|(_, f)| rule_ids(f).len()).sum();
    let failures: usize = reviews.iter().map(|(_, f)| failed(f)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"charter review\" tests=\"{tests}\" failures=\"{failures}\">"
    );
    for (id, findings) in reviews {
        suite(&mut out, id, findings, root);
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite(out: &mut String, id: &str, findings: &[Finding], root: &Path) {
    let ids = rule_ids(findings);
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
        xml(id),
        ids.len(),
        failed(findings)
    );
    for rule in ids {
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
        let head = format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml(id),
            xml(&rule)
        );
        let Some(first) = mine.first() else {
            let _ = writeln!(out, "{head}/>");
            continue;
        };
        let file = first.view(root).file;
        let _ = writeln!(out, "{head} file=\"{}\">", xml(&file));
        let body: Vec<String> = mine
            .iter()
            .map(|f| {
                let v = f.view(root);
                format!(
                    "{}:{}:{}: {}: {}",
                    v.file, v.line, v.column, v.severity, v.message
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            first.severity,
            xml(&first.message),
            xml(&body.join("\n"))
        );
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n");
}

/// The built-in rules, then the pack rules that found something.
fn rule_ids(findings: &[Finding]) -> Vec<String> {
    let mut ids: Vec<String> = RULES.iter().map(|r| r.id.to_string()).collect();
    for f in findings {
        if !ids.contains(&f.rule) {
            ids.push(f.rule.clone());
        }
    }
    ids
}

/// How many rules found something.
fn failed(findings: &[Finding]) -> usize {
    let mut rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    rules.len()
}

/// Text escaped for XML attributes and content; control characters XML 1.0 forbids are
/// dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(xml("line\nnext"), "line\nnext");
    }
}
