//! Reading one mapping's fields: a key asked for in, its node or decoded value out; when
//! done, every key nobody asked for is reported as unknown, with a "did you mean".

use crate::diag::Diagnostic;
use crate::diag::source::Loc;
use crate::diag::suggest;
use crate::input::yaml::{Node, NodeKind, Pairs};

use super::{Cx, Decode};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::diag::source::Source;
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
