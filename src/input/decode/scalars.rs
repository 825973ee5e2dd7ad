//! The values a file writes as scalars, decoded: strings and texts checked clean, integers
//! written in decimal, numbers, booleans, dates and versions, each refused at its place.

use crate::diag::Diagnostic;
use crate::input::yaml::{Node, NodeKind, Scalar};

use super::{Cx, Decode, Text};

impl Decode for String {
    fn decode(node: &Node, cx: &mut Cx) -> Option<String> {
        match node.kind() {
            NodeKind::Str(s) => clean(&s, node, cx),
            // `project: 2027` or `version: 1.0`: keep the text as written.
            NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) => {
                cx.source.text.get(node.span()).map(str::to_string)
            }
            _ => cx.expected(node, "a string"),
        }
    }
}

impl Decode for Text {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Text> {
        match node.kind() {
            NodeKind::Str(Scalar::Baked(text)) => Some(Text::Borrowed(text)),
            _ => String::decode(node, cx).map(Text::Owned),
        }
    }
}

/// A string value without control, bidirectional or zero-width characters
/// (docs/security.md, "Clean text"); tab and line feed are allowed. A baked scalar was
/// checked by the build script.
fn clean(text: &Scalar<'_>, node: &Node, cx: &mut Cx) -> Option<String> {
    let Scalar::Parsed(text) = text else {
        return Some(text.to_string());
    };
    let Some((_, c, what)) = crate::diag::text::first_unsafe(text) else {
        return Some(text.to_string());
    };
    let message = format!("the value holds U+{:04X}, {what}", c as u32);
    let help = "values are plain text: remove the character (tab and line breaks are allowed)";
    cx.fail(
        Diagnostic::error(&cx.loc(node), message)
            .with_label("not plain text")
            .with_help(help),
    )
}

impl Decode for i64 {
    fn decode(node: &Node, cx: &mut Cx) -> Option<i64> {
        match node.kind() {
            NodeKind::Int(_) | NodeKind::Float(_) => decimal(node, cx),
            _ => cx.expected(node, "an integer"),
        }
    }
}

/// An integer as written: decimal digits with an optional sign, no leading zero, within
/// 64 bits. `0x0e`, `0o16` and `014` are refused rather than read in another base.
fn decimal(node: &Node, cx: &mut Cx) -> Option<i64> {
    let written = cx.source.text.get(node.span()).unwrap_or_default().trim();
    let digits = written.strip_prefix(['-', '+']).unwrap_or(written);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        if let NodeKind::Float(_) = node.kind() {
            return cx.expected(node, "an integer");
        }
        let message = format!("`{written}` is not a decimal integer");
        let help = "write integers in decimal digits, e.g. 14";
        return cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help));
    }
    if digits.len() > 1 && digits.starts_with('0') {
        let message = format!("`{written}` has a leading zero");
        let help = "write integers without leading zeros (`014` would be octal to some readers)";
        return cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help));
    }
    match written.trim_start_matches('+').parse::<i64>() {
        Ok(value) => Some(value),
        Err(_) => {
            let message = format!("`{written}` is too large for an integer");
            let help = format!("integers range from {} to {}", i64::MIN, i64::MAX);
            cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help))
        }
    }
}

impl Decode for f64 {
    fn decode(node: &Node, cx: &mut Cx) -> Option<f64> {
        match node.kind() {
            NodeKind::Int(i) => Some(i as f64),
            NodeKind::Float(f) if f.is_finite() => Some(f),
            _ => cx.expected(node, "a number"),
        }
    }
}

impl Decode for bool {
    fn decode(node: &Node, cx: &mut Cx) -> Option<bool> {
        match node.kind() {
            NodeKind::Bool(b) => Some(b),
            _ => cx.expected(node, "`true` or `false`"),
        }
    }
}

impl Decode for jiff::civil::Date {
    fn decode(node: &Node, cx: &mut Cx) -> Option<jiff::civil::Date> {
        let text = Text::decode(node, cx)?;
        match text.parse::<jiff::civil::Date>() {
            Ok(date) if text.len() == 10 => Some(date),
            Ok(_) | Err(_) => {
                let message = format!("`{text}` is not a date that exists");
                let help = "write dates as YYYY-MM-DD, e.g. 2026-12-01";
                cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help))
            }
        }
    }
}

impl Decode for semver::Version {
    fn decode(node: &Node, cx: &mut Cx) -> Option<semver::Version> {
        let text = Text::decode(node, cx)?;
        match semver::Version::parse(&text) {
            Ok(version) => Some(version),
            Err(error) => {
                let message = format!("`{text}` is not a semantic version: {error}");
                let help = "write versions as MAJOR.MINOR.PATCH, e.g. 1.0.0";
                cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::diag::source::Source;
    use crate::input::yaml;

    #[test]
    fn a_baked_text_is_borrowed_and_a_parsed_one_owned_and_checked() {
        let source = Source::new("t.yaml", "a: b\n");
        let mut diags = Diagnostics::default();
        let cx = &mut Cx {
            source: &source,
            diags: &mut diags,
        };
        // A built-in pack's first key, read from the binary's baked tree.
        let core = Source::builtin("core", crate::input::builtin::pack("core").unwrap());
        let baked = crate::input::builtin::baked_tree(&core).unwrap();
        let (key, _) = match baked.root().kind() {
            NodeKind::Map(entries) => entries.get(0).unwrap(),
            other => panic!("{other:?}"),
        };
        assert!(matches!(
            Text::decode(&key, cx),
            Some(Text::Borrowed("pack"))
        ));
        let parsed = |text: &str| yaml::parse(&Source::new("t.yaml", text)).unwrap();
        let read = parsed("read");
        let read = Text::decode(&read.root(), cx);
        assert!(matches!(read, Some(Text::Owned(ref text)) if text == "read"));
        let hostile = parsed("\"a\\u202eb\"");
        assert!(Text::decode(&hostile.root(), cx).is_none());
        assert_eq!(diags.items().len(), 1, "{:?}", diags.items());
    }
}
