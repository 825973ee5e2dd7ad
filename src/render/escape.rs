//! Markdown escaping: every value from an input file is made inert before it reaches a
//! document, so no name, title or reason can add a heading, a table cell, a task item,
//! a link or an HTML comment.

/// Escapes text for any inline position: paragraph, list item, table cell, link text.
/// Line breaks and runs of white space become single spaces. A word that GitHub or GitLab
/// would turn into a link by itself (`https://…`, `www.…`, `name@example.com`) becomes a
/// code span: shown as written, never a live link.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if link_like(word) {
            out.push_str(&code_span(word));
            continue;
        }
        for c in word.chars() {
            let at_start = out.is_empty();
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#' => {
                    out.push('\\');
                }
                '-' | '+' | '=' if at_start => out.push('\\'),
                _ => {}
            }
            out.push(c);
        }
    }
    escape_ordered_list_start(out)
}

/// Whether a word would become a link on its own (GFM's extended autolinks: URLs,
/// `www.` names and e-mail addresses; also `mailto:` and `xmpp:`).
fn link_like(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let email = lower
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    ["://", "www.", "mailto:", "xmpp:"]
        .iter()
        .any(|m| lower.contains(m))
        || email
}

/// A code span holding `word`; a pipe (which would split a table cell) and a backtick
/// (which would end the span) are percent-encoded.
fn code_span(word: &str) -> String {
    let inert = word.replace('|', "%7C").replace('`', "%60");
    format!("`{inert}`")
}

/// `1. x` or `1) x` at the start would open an ordered list.
fn escape_ordered_list_start(text: String) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    match text[digits..].chars().next() {
        Some(c @ ('.' | ')')) if digits > 0 => {
            format!("{}\\{c}{}", &text[..digits], &text[digits + 1..])
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_characters_are_neutralised() {
        assert_eq!(inline("- [x] done"), "\\- \\[x\\] done");
        assert_eq!(inline("a | b\nc"), "a \\| b c");
        assert_eq!(inline("<!-- charter:X -->"), "\\<\\!-- charter:X --\\>");
        assert_eq!(inline("# heading"), "\\# heading");
        assert_eq!(inline("1. first"), "1\\. first");
        assert_eq!(inline("plain text, 3 days"), "plain text, 3 days");
    }

    #[test]
    fn bare_urls_and_addresses_become_code_spans() {
        assert_eq!(
            inline("see https://evil.example/x"),
            "see `https://evil.example/x`"
        );
        assert_eq!(inline("www.evil.example"), "`www.evil.example`");
        assert_eq!(
            inline("mail eve@evil.example now"),
            "mail `eve@evil.example` now"
        );
        assert_eq!(inline("a|b https://x/|`y"), "a\\|b `https://x/%7C%60y`");
        assert_eq!(inline("team @ noon, user@host"), "team @ noon, user@host");
    }
}
