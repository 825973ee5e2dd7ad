//! Typed decoding of located YAML nodes, collecting every problem.
//!
//! Each input type implements [`Decode`]. Decoding never stops at the first problem: a
//! field that fails pushes a located diagnostic and yields `None`, and the caller carries on
//! with the next field. [`Fields`] reads a mapping and reports the keys nobody asked for as
//! unknown fields, with a "did you mean" among the known ones.

use std::sync::Arc;

use crate::diag::source::{Loc, Located, Source};
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::yaml::{Node, NodeKind, Pairs, Scalar};

/// The file being decoded and the list its problems go to.
pub struct Cx<'a> {
    /// The file the nodes come from.
    pub source: &'a Arc<Source>,
    /// Where problems are recorded.
    pub diags: &'a mut Diagnostics,
}

impl Cx<'_> {
    /// The location of a node.
    pub fn loc(&self, node: &Node) -> Loc {
        Loc::new(self.source, node.span())
    }

    /// Records an error at a node and returns `None`, for use as `return cx.fail(...)`.
    pub fn fail<T>(&mut self, diagnostic: Diagnostic) -> Option<T> {
        self.diags.push(diagnostic);
        None
    }

    /// Records "expected X, found Y" at a node.
    pub fn expected<T>(&mut self, node: &Node, what: &str) -> Option<T> {
        let found = node.kind().describe();
        let message = format!("expected {what}, found {found}");
        self.fail(
            Diagnostic::error(&self.loc(node), message).with_label(format!("expected {what}")),
        )
    }
}

/// A type that can be read from a located YAML node.
pub trait Decode: Sized {
    /// Reads the value, or records why it cannot and returns `None`.
    fn decode(node: &Node, cx: &mut Cx) -> Option<Self>;
}

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

/// A text read from a file: a built-in pack's is borrowed from the binary (its baked tree
/// holds the binary's own bytes, checked clean when the binary was built), any other is
/// owned. Pack texts (titles, descriptions, evidence, steps) are most of what a pack
/// holds: borrowed, a build copies none of them.
pub type Text = std::borrow::Cow<'static, str>;

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

impl<T: Decode> Decode for Vec<T> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Vec<T>> {
        let NodeKind::Seq(items) = node.kind() else {
            return cx.expected(node, "a list");
        };
        // Every item is decoded, so that each one's problems are reported.
        let mut decoded = Vec::with_capacity(items.iter().len());
        let mut all = true;
        for item in items {
            match T::decode(&item, cx) {
                Some(value) => decoded.push(value),
                None => all = false,
            }
        }
        all.then_some(decoded)
    }
}

/// Shared once decoded (a pack's controls, which every policy on the pack shares until a
/// layer changes one).
impl<T: Decode> Decode for std::sync::Arc<T> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<std::sync::Arc<T>> {
        T::decode(node, cx).map(std::sync::Arc::new)
    }
}

impl<T: Decode> Decode for Located<T> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Located<T>> {
        let value = T::decode(node, cx)?;
        Some(Located::new(value, cx.loc(node)))
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

/// A mapping whose keys are ids chosen by the author (roles, parameters), in source order.
/// The keys are owned strings, or [`Text`] where a built-in pack's may be borrowed.
#[derive(Clone, Debug)]
pub struct Entries<T, K = String>(pub Vec<(Located<K>, T)>);

impl<T, K> Default for Entries<T, K> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<T: Decode, K: Decode> Decode for Entries<T, K> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Entries<T, K>> {
        let NodeKind::Map(entries) = node.kind() else {
            return cx.expected(node, "a mapping");
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in entries {
            let key = Located::<K>::decode(&key, cx);
            let value = T::decode(&value, cx);
            match (key, value) {
                (Some(k), Some(v)) => out.push((k, v)),
                _ => ok = false,
            }
        }
        ok.then_some(Entries(out))
    }
}

/// Reads the fields of one mapping; reports unknown keys when finished.
pub struct Fields<'n> {
    node: Node<'n>,
    what: &'static str,
    entries: Pairs<'n>,
    /// The lengths of the keys, a bit each ([`length_bit`]): a key asked for whose length
    /// no key has is absent without a look at the keys (most absent fields).
    lengths: u64,
    /// Which entries a key was asked for: bit `i` for entry `i` of the first 64, `more` for
    /// the rest (a mapping of more fields than any type has is still read).
    used: u64,
    more: Vec<bool>,
    /// Where the next key is looked for first: types ask for their fields mostly in the
    /// order files write them, so a lookup seldom passes another key.
    next: usize,
    /// The keys asked for, for the hint on an unknown one.
    known: Asked,
}

/// The keys a [`Fields`] was asked for: the first ones in place, without an allocation.
struct Asked {
    first: [&'static str; ASKED],
    len: usize,
    rest: Vec<&'static str>,
}

/// How many keys [`Asked`] holds in place: more than any type of charter's has.
const ASKED: usize = 32;

impl Asked {
    fn push(&mut self, key: &'static str) {
        match self.first.get_mut(self.len) {
            Some(slot) => {
                *slot = key;
                self.len += 1;
            }
            None => self.rest.push(key),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &'static str> + Clone + '_ {
        self.first[..self.len].iter().chain(&self.rest).copied()
    }
}

impl<'n> Fields<'n> {
    /// Starts reading `node` as a mapping describing `what` (e.g. "a control").
    pub fn of(node: &Node<'n>, what: &'static str, cx: &mut Cx) -> Option<Fields<'n>> {
        let NodeKind::Map(entries) = node.kind() else {
            return cx.expected(node, &format!("a mapping ({what})"));
        };
        let lengths = entries
            .iter()
            .filter_map(|(key, _)| key.str_len())
            .fold(0, |lengths, len| lengths | length_bit(len));
        Some(Fields {
            node: *node,
            what,
            entries,
            lengths,
            used: 0,
            more: vec![false; entries.iter().len().saturating_sub(64)],
            next: 0,
            known: Asked {
                first: [""; ASKED],
                len: 0,
                rest: Vec::new(),
            },
        })
    }

    /// The place of `key` among the entries, marking it as known and used. Keys are
    /// unique (the parser refuses a mapping that repeats one), so the first place found
    /// from `next` on is the only one.
    fn find(&mut self, key: &'static str) -> Option<usize> {
        self.known.push(key);
        if self.lengths & length_bit(key.len()) == 0 {
            return None;
        }
        let len = self.entries.iter().len();
        let next = self.next.min(len);
        let is_key = |i: &usize| self.entries.get(*i).is_some_and(|(k, _)| k.is_str(key));
        let index = (next..len).chain(0..next).find(is_key)?;
        self.next = index + 1;
        match index.checked_sub(64) {
            None => self.used |= 1 << index,
            Some(i) => self.more[i] = true,
        }
        Some(index)
    }

    /// Whether entry `index` was asked for.
    fn is_used(&self, index: usize) -> bool {
        match index.checked_sub(64) {
            None => self.used & 1 << index != 0,
            Some(i) => self.more[i],
        }
    }

    /// The raw node of a key, marking it as known.
    pub fn raw(&mut self, key: &'static str) -> Option<Node<'n>> {
        let index = self.find(key)?;
        Some(self.entries.get(index)?.1)
    }

    /// The node of a key and the key's own node, marking it as known.
    pub fn raw_with_key(&mut self, key: &'static str) -> Option<(Node<'n>, Node<'n>)> {
        let index = self.find(key)?;
        self.entries.get(index)
    }

    /// A field that must be present.
    pub fn required<T: Decode>(&mut self, key: &'static str, cx: &mut Cx) -> Option<T> {
        match self.raw(key) {
            Some(node) => T::decode(&node, cx),
            None => {
                let message = format!("missing field `{key}` in {}", self.what);
                let start = self.node.span().start;
                let at = Loc::new(cx.source, start..start);
                let help = format!("add `{key}:`; `charter help formats` describes every field");
                cx.fail(Diagnostic::error(&at, message).with_help(help))
            }
        }
    }

    /// A field that may be absent; `None` when absent or invalid (invalid is reported).
    pub fn optional<T: Decode>(&mut self, key: &'static str, cx: &mut Cx) -> Option<T> {
        let node = self.raw(key)?;
        if let NodeKind::Null = node.kind() {
            return None;
        }
        T::decode(&node, cx)
    }

    /// Reports every key that no `required`/`optional`/`raw` call asked for; returns
    /// whether every key was known.
    pub fn finish(self, cx: &mut Cx) -> bool {
        let mut all_known = true;
        for (index, (key, _)) in self.entries.iter().enumerate() {
            if self.is_used(index) {
                continue;
            }
            let name = match key.kind() {
                NodeKind::Str(s) => s.to_string(),
                _ => cx.source.text.get(key.span()).unwrap_or("?").to_string(),
            };
            let message = format!("unknown field `{name}` in {}", self.what);
            let help = suggest::hint(&name, self.known.iter());
            let at = cx.loc(&key);
            cx.diags.push(
                Diagnostic::error(&at, message)
                    .with_label("unknown field")
                    .with_help(help),
            );
            all_known = false;
        }
        all_known
    }
}

/// The string keys of a mapping node, in order (empty for anything else).
pub fn keys(node: &Node) -> Vec<String> {
    let NodeKind::Map(entries) = node.kind() else {
        return Vec::new();
    };
    let names = entries.iter().filter_map(|(k, _)| match k.kind() {
        NodeKind::Str(s) => Some(s.to_string()),
        _ => None,
    });
    names.collect()
}

/// A key length's bit among [`Fields`]' lengths: lengths 64 apart share one.
fn length_bit(len: usize) -> u64 {
    1 << (len % 64)
}

/// Decodes one of a fixed set of words, suggesting the nearest on a typo.
pub fn keyword<T: Copy>(
    node: &Node,
    cx: &mut Cx,
    what: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Option<T> {
    let text = Text::decode(node, cx)?;
    if let Some(found) = all.iter().copied().find(|v| name(*v) == text) {
        return Some(found);
    }
    let names = all.iter().map(|v| name(*v));
    let message = format!("unknown {what} `{text}`");
    let label = format!("not a known {what}");
    let help = suggest::hint(&text, names);
    cx.fail(
        Diagnostic::error(&cx.loc(node), message)
            .with_label(label)
            .with_help(help),
    )
}

/// Declares a closed set of kebab-case words (model, stage, phase...) with decoding,
/// display, serialisation and "did you mean" on typos.
#[macro_export]
macro_rules! keywords {
    ($(#[$meta:meta])* pub enum $name:ident ($what:literal) {
        $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word as written in files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let values: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                schemars::json_schema!({ "type": "string", "enum": values, "description": $what })
            }
        }

        impl $crate::input::decode::Decode for $name {
            fn decode(
                node: &$crate::input::yaml::Node,
                cx: &mut $crate::input::decode::Cx,
            ) -> Option<$name> {
                $crate::input::decode::keyword(node, cx, $what, $name::ALL, $name::as_str)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml;

    /// Asks `text`'s mapping for `keys` in turn; what each gave, and the problems.
    fn ask(text: &str, keys: &[&'static str]) -> (Vec<Option<String>>, Vec<String>) {
        let source = Source::new("t.yaml", text);
        let tree = yaml::parse(&source).unwrap();
        let mut diags = Diagnostics::default();
        let cx = &mut Cx {
            source: &source,
            diags: &mut diags,
        };
        let mut fields = Fields::of(&tree.root(), "a test", cx).unwrap();
        let found = keys.iter().map(|k| fields.optional(k, cx)).collect();
        fields.finish(cx);
        let problems = diags.items().iter().map(|d| d.message.clone()).collect();
        (found, problems)
    }

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

    #[test]
    fn fields_are_found_in_any_order_and_every_key_not_asked_for_is_reported() {
        let text = "a: 1\nb: 2\nc: 3\nd: 4\n";
        let (found, problems) = ask(text, &["d", "b", "missing", "a"]);
        let found: Vec<_> = found.iter().map(Option::as_deref).collect();
        assert_eq!(found, [Some("4"), Some("2"), None, Some("1")]);
        assert_eq!(problems, ["unknown field `c` in a test"]);
        // A mapping of more keys than a word has bits.
        let text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        let keys: Vec<&'static str> = (0..100)
            .filter(|i| i % 7 != 3)
            .rev()
            .map(|i| &*format!("k{i}").leak())
            .collect();
        let (found, problems) = ask(&text, &keys);
        assert!(found.iter().all(Option::is_some));
        let unknown: Vec<String> = (0..100)
            .filter(|i| i % 7 == 3)
            .map(|i| format!("unknown field `k{i}` in a test"))
            .collect();
        assert_eq!(problems, unknown);
        // Keys 64 bytes apart in length share a bit of the lengths, and are still told
        // apart; a key of a length no key has is absent.
        let long = "x".repeat(65);
        let text = format!("a: 1\n{long}: 2\nbb: 3\n");
        let asked: [&'static str; 4] = ["y", "a", long.clone().leak(), "ccc"];
        let (found, problems) = ask(&text, &asked);
        let found: Vec<_> = found.iter().map(Option::as_deref).collect();
        assert_eq!(found, [None, Some("1"), Some("2"), None]);
        assert_eq!(problems, ["unknown field `bb` in a test"]);
    }
}
