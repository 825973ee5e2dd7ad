//! Markdown escaping: every value from an input file is made inert before it reaches a
//! document, so no name, title or reason can add a heading, a table cell, a task item,
//! a link or an HTML comment.

/// Escapes text for any inline position: paragraph, list item, table cell, link text.
/// Line breaks and runs of white space become single spaces.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if std::mem::take(&mut pending_space) {
            out.push(' ');
        }
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
    escape_ordered_list_start(out)
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
}
