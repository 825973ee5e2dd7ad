//! One line read as a checklist item's or a list item's opening: a line in, its control id,
//! box and key (a control id, a person and an occurrence's date) out, or nothing.

use std::ops::Range;

/// A checklist item's first line: (control id, checked, byte range of the box). The
/// bullet, indent and box are read byte by byte: every line of every page is asked.
pub fn item_line(text: &str) -> Option<(&str, bool, Range<usize>)> {
    let bytes = text.as_bytes();
    let indent = bytes.iter().take(4).take_while(|b| **b == b' ').count();
    if indent > 3 {
        return None;
    }
    let box_at = indent + 2;
    if !matches!(bytes.get(indent..box_at)?, [b'-' | b'*' | b'+', b' ']) {
        return None;
    }
    let checked = match bytes.get(box_at..box_at + 3)? {
        b"[ ]" => false,
        b"[x]" | b"[X]" => true,
        _ => return None,
    };
    let code = text.get(box_at + 3..)?.strip_prefix(" `")?;
    // An id is a few bytes: looked for byte by byte, where a search for a character
    // costs more than the id is long.
    let id = &code[..code.bytes().position(|b| b == b'`')?];
    is_item_key(id).then_some((id, checked, box_at..box_at + 3))
}

/// Whether a line opens a list item of its own (at most three spaces' indent): a sibling
/// of the item before it, not a line of its notes.
pub fn is_list_item(text: &str) -> bool {
    let indent = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[indent..];
    let ordered = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let bullet = ["- ", "* ", "+ "].iter().any(|b| rest.starts_with(b)) || rest == "-";
    let numbered =
        ordered.len() < rest.len() && (ordered.starts_with(". ") || ordered.starts_with(") "));
    indent <= 3 && (bullet || numbered)
}

/// Whether a line is a task item (a list item with a box) of someone's: no control id.
pub fn is_plain_task(text: &str) -> bool {
    let rest = text.trim_start_matches(' ');
    let rest = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("* "))
        .or_else(|| rest.strip_prefix("+ "));
    let boxed = rest.is_some_and(|r| ["[ ]", "[x]", "[X]"].iter().any(|b| r.starts_with(b)));
    boxed && item_line(text).is_none() && text.len() - text.trim_start_matches(' ').len() <= 3
}

/// What opens a checklist item: a control id, then optionally `@` and a person
/// (lowercase letters and digits joined by hyphens), then optionally `#` and an
/// occurrence's date (`YYYY-MM-DD`): `ACC-SSO-MFA@priya-shah`, `ACC-REVIEW#2027-01-12`.
/// Read in one pass over its bytes: every item line of every page is read at each build.
pub fn is_item_key(text: &str) -> bool {
    let bytes = text.as_bytes();
    let id = hyphenated(bytes, |b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let mut rest = &bytes[id..];
    if let Some(person) = rest.strip_prefix(b"@") {
        let name = hyphenated(person, |b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if name == 0 {
            return false;
        }
        rest = &person[name..];
    }
    id > 0
        && match rest {
            [] => true,
            [b'#', date @ ..] => is_date(date),
            _ => false,
        }
}

/// How long the start of `bytes` is that is words of `letter`s joined by single hyphens
/// (0 when it does not start with a letter; a hyphen that no word follows is not taken).
fn hyphenated(bytes: &[u8], letter: impl Fn(u8) -> bool) -> usize {
    let (mut taken, mut at) = (0, 0);
    loop {
        let word = bytes[at..].iter().take_while(|b| letter(**b)).count();
        if word == 0 {
            return taken;
        }
        taken = at + word;
        if bytes.get(taken) != Some(&b'-') {
            return taken;
        }
        at = taken + 1;
    }
}

/// `YYYY-MM-DD` in digits.
fn is_date(bytes: &[u8]) -> bool {
    bytes.len() == 10
        && (bytes.iter().enumerate()).all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_keys_name_a_person_and_an_occurrence_after_the_control_id() {
        for key in [
            "ACC-SSO-MFA",
            "ACC-SSO-MFA@priya-shah",
            "ACC-REVIEW#2027-01-12",
            "ACC-X@ann#2027-01-12",
        ] {
            assert!(is_item_key(key), "{key}");
        }
        for key in [
            "ACC-SSO-MFA@",
            "ACC-SSO-MFA@Priya",
            "ACC-X#2027-1-12",
            "acc@ann",
            "ACC-X#2027-01-12@ann",
            "ACC-X@a--b",
        ] {
            assert!(!is_item_key(key), "{key}");
        }
        let line = "- [x] `ACC-SSO-MFA@priya-shah` Account (Priya Shah)";
        assert_eq!(
            item_line(line).map(|(id, checked, _)| (id, checked)),
            Some(("ACC-SSO-MFA@priya-shah", true))
        );
    }

    /// `item_line` as it was written first, with string searches.
    fn item_line_by_strings(text: &str) -> Option<(&str, bool, Range<usize>)> {
        let indent = text.len() - text.trim_start_matches(' ').len();
        if indent > 3 {
            return None;
        }
        let rest = &text[indent..];
        let rest = rest
            .strip_prefix("- ")
            .or_else(|| rest.strip_prefix("* "))
            .or_else(|| rest.strip_prefix("+ "))?;
        let box_at = text.len() - rest.len();
        let checked = match rest.get(..3)? {
            "[ ]" => false,
            "[x]" | "[X]" => true,
            _ => return None,
        };
        let code = rest.get(3..)?.strip_prefix(" `")?;
        let id = &code[..code.find('`')?];
        is_item_key(id).then_some((id, checked, box_at..box_at + 3))
    }

    /// An item key as the words split by strings read it (what [`is_item_key`] reads
    /// byte by byte).
    fn is_item_key_by_splits(text: &str) -> bool {
        let words = |text: &str, letter: fn(&u8) -> bool| {
            !text.is_empty()
                && (text.split('-')).all(|w| !w.is_empty() && w.as_bytes().iter().all(letter))
        };
        let (rest, date) = match text.split_once('#') {
            Some((rest, date)) => (rest, Some(date)),
            None => (text, None),
        };
        let (id, person) = match rest.split_once('@') {
            Some((id, person)) => (id, Some(person)),
            None => (rest, None),
        };
        let upper = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit();
        let lower = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        let date_ok = date.is_none_or(|d| {
            d.len() == 10
                && (d.bytes().enumerate()).all(|(i, c)| match i {
                    4 | 7 => c == b'-',
                    _ => c.is_ascii_digit(),
                })
        });
        words(id, upper) && person.is_none_or(|p| words(p, lower)) && date_ok
    }

    #[test]
    fn item_keys_are_read_byte_by_byte_as_split_words_read_them() {
        // Every text of up to five of these pieces, and each with a date or not a date.
        let texts = crate::every_text(&["A", "1", "b", "-", "@", "#", "é", "--"], 5);
        let mut keys = 0;
        for text in &texts {
            for tail in ["", "#2027-01-12", "#2027-1-12", "@b#2027-01-12"] {
                let text = format!("{text}{tail}");
                assert_eq!(is_item_key(&text), is_item_key_by_splits(&text), "{text:?}");
                keys += usize::from(is_item_key(&text));
            }
        }
        assert!(keys > 500, "{keys} keys among {}", texts.len() * 4);
    }

    #[test]
    fn item_lines_are_read_byte_by_byte_as_string_searches_read_them() {
        // Every line of an indent, a bullet, a space, a box, a code span and a rest, each
        // of the kinds that make or break an item (or a byte that is not ASCII).
        let indents = ["", " ", "   ", "    ", "\t", "\u{a0}"];
        let bullets = ["-", "*", "+", "1.", "", "é"];
        let spaces = [" ", "", "  "];
        let boxes = ["[ ]", "[x]", "[X]", "[é]", "[]", "[ x]", ""];
        let codes = [
            " `A-B`",
            "`A-B`",
            " `a-b`",
            " `A-B",
            " `A-B@ann#2027-01-12`",
            " ``",
            " `é`",
            "",
        ];
        let rests = ["", " text", "é"];
        let mut lines = Vec::new();
        for indent in indents {
            for bullet in bullets {
                for space in spaces {
                    for b in boxes {
                        for code in codes {
                            lines.extend(
                                rests.map(|rest| format!("{indent}{bullet}{space}{b}{code}{rest}")),
                            );
                        }
                    }
                }
            }
        }
        let mut items = 0;
        for line in &lines {
            assert_eq!(item_line(line), item_line_by_strings(line), "{line:?}");
            items += usize::from(item_line(line).is_some());
        }
        assert!(items > 100, "{items} item lines among {}", lines.len());
    }
}
