//! The reader held to the parser's trees, spans included.

use super::*;
use std::path::Path;

/// Whether this reader kept the document; when it did, the parser must have kept it
/// too and built the same tree, spans included.
fn agrees(text: &str) -> bool {
    let Some(ours) = parse(text, 0, crate::input::yaml::MAX_DEPTH) else {
        return false;
    };
    let theirs = crate::input::yaml::events::parse(text, 0, crate::input::yaml::MAX_DEPTH);
    assert_eq!(Some(&ours), theirs.as_ref(), "{text:?}");
    true
}

#[test]
fn every_yaml_file_of_the_repository_gets_the_parsers_tree() {
    let texts = crate::input::yaml::tests::repository_texts();
    let kept = texts.iter().filter(|text| agrees(text)).count();
    assert!(
        texts.len() > 200 && kept * 10 > texts.len() * 7,
        "{kept} of {}",
        texts.len()
    );
    for example in ["freelancer-mvp", "hybrid-migration", "policies/acme"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{example}.yaml"));
        assert!(agrees(&std::fs::read_to_string(path).unwrap()), "{example}");
    }
    for (name, text) in crate::input::builtin::PACKS {
        assert!(agrees(text), "builtin:{name}");
    }
}

/// Each line of the examples changed in the ways a hand slips (indented one more or
/// less, its colon's space gone, a comment or a quote added, cut short, doubled,
/// dropped): whatever this reader keeps, the parser builds the same.
#[test]
fn documents_a_slip_away_from_the_examples_get_the_parsers_tree_or_are_left_to_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut texts = Vec::new();
    for name in ["freelancer-mvp.yaml", "policies/acme.yaml"] {
        texts.push(std::fs::read_to_string(dir.join(name)).unwrap());
    }
    let (mut kept, mut all) = (0, 0);
    for text in &texts {
        let lines: Vec<&str> = text.lines().collect();
        for i in 0..lines.len() {
            let line = lines[i];
            let half = &line[..line.len() / 2];
            let slips = [
                format!(" {line}"),
                line.strip_prefix(' ').unwrap_or(line).to_string(),
                line.replacen(": ", ":", 1),
                line.replacen(": ", " : ", 1),
                format!("{line} # note"),
                format!("{line}#note"),
                format!("{line}'"),
                format!("{line}\""),
                line.replacen(", ", ",", 1),
                line.replacen('[', "[ ", 1),
                line.replacen(']', ",]", 1),
                line.replacen('}', "", 1),
                line.replacen("- ", "-", 1),
                line.replacen("- ", "- - ", 1),
                line.replacen(": ", ": |\n", 1),
                line.replacen(": ", ": >-\n    ", 1),
                format!("{half}\n{}", &line[half.len()..]),
                half.to_string(),
                format!("{line}\n{line}"),
                format!("{line}\n"),
                String::new(),
            ];
            for slip in slips {
                let mut changed = lines.clone();
                changed[i] = &slip;
                let changed = changed.join("\n") + "\n";
                all += 1;
                kept += usize::from(agrees(&changed));
            }
        }
    }
    assert!(kept * 3 > all, "{kept} of {all}");
}

/// Documents on the edge of each construct this reader takes.
#[test]
fn documents_on_the_edges_get_the_parsers_tree_or_are_left_to_it() {
    let cases = [
        "a: 1\n",
        "a: 1",
        "  a: 1\n  b: 2\n",
        "a:\n",
        "a:",
        "a: # c\nb: 1\n",
        "a:   x   \n",
        "a: x # c\n",
        "a: x#c\n",
        "a b: c d\n",
        "a: http://x.example/y\n",
        "a: 12:30\n",
        "a: -x\n",
        "a: ?x\n",
        "a: :x\n",
        "a: - x\n",
        "a: b: c\n",
        "'a': 1\n",
        "\"a\": 1\n",
        "'a' : 1\n",
        "a: 'it''s'\n",
        "a: ''\n",
        "a: \"\"\n",
        "a: \"x\\\"y\\\\z\\/w\\nv\\tu\"\n",
        "a: \"x\\u0041\"\n",
        "a: 'x\\n'\n",
        "a: 'x'#c\n",
        "a: 'x' # c\n",
        "a: 'x' y\n",
        "x\n",
        "'x'\n",
        "[a, b]\n",
        "{a: 1}\n",
        "- a\n- b\n",
        "-a\n",
        "- a\n-b\n",
        "a:\n- x\n- y\nb: 1\n",
        "a:\n-   x\n",
        "a:\n- b: 1\n  c: 2\nd: 3\n",
        "a:\n- [x]\n- {y: z}\n",
        "a:\n  - x\n  - y\nb: 1\n",
        "a:\n  - x\n - y\n",
        "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
        "a:\n  b: 1\n c: 2\n",
        "a:\n    b: 1\n  c: 2\n",
        "- a: 1\n  b: 2\n- c: 3\n",
        "- a: 1\n   b: 2\n",
        "- a: 1\n b: 2\n",
        "-   a: 1\n    b: [x]\n",
        "- - a\n",
        "-\n  a: 1\n",
        "- \n- x\n",
        "- # c\n  x\n",
        "a:\n  # c\n  b: 1\n",
        "# c\na: 1\n# d\n",
        "a: 1\n\n\nb: 2\n",
        "a: x\n  y\n",
        "- x\n  y\n",
        "a: [x,\n  y]\n",
        "a: [x,\ny]\n",
        "a: [x\n  , y]\n",
        "a: [x\n  y]\n",
        "a: [x, # c\n  y]\n",
        "a: [x,#c\n  y]\n",
        "a: [ ]\n",
        "a: []\n",
        "a: {}\n",
        "a: [[x], {b: c}, 'd', \"e\"]\n",
        "a: [x, y,]\n",
        "a: [x,, y]\n",
        "a: [x: y]\n",
        "a: {b: , c: d}\n",
        "a: {b}\n",
        "a: {b:c}\n",
        "a: {b :c}\n",
        "a: {b : c}\n",
        "a: {'b': c, \"d\": e}\n",
        "a: {b: [c, d], e: {f: g}}\n",
        "a: [a b, c d ]\n",
        "a: [a:b]\n",
        "a: [a #b]\n",
        "a: [a#b]\n",
        "a: [-x, :y, ?z]\n",
        "a: [- x]\n",
        "a: [x] y\n",
        "a: [x] # c\n",
        "a: |\n  x\n",
        "a: |\n  x",
        "a: |\n  x\n\n",
        "a: |+\n  x\n\n",
        "a: |-\n  x\n\n",
        "a: >\n  x\n  y\n\n  z\n",
        "a: >-\n  x\n  y\n   z\n  w\n",
        "a: >+\n  x\n\n",
        "a: >\n  x\n\n\n  y\n",
        "a: >\n   x\n  y\n",
        "a: >\n  x\n   y\n\n   z\n  w\n",
        "a: |\n  x\n   y\n  z\n",
        "a: |\n  x\n# c\nb: 1\n",
        "a: |\n  x\n  # not a comment\nb: 1\n",
        "a: |\n  x\n b: 1\n",
        "a: |\nb: 1\n",
        "a: |\n\n  x\n",
        "a: |\n  x\n  \n  y\n",
        "a: |2\n  x\n",
        "a: | # c\n  x\n",
        "a: |#c\n  x\n",
        "a: |x\n  x\n",
        "- |\n  x\n- y\n",
        "- |\n    x\n  - y\n",
        "- >\n x\n",
        "a:\n  - |\n    x\n  - y\n",
        "|\n x\n",
        "a: 1\n---\nb: 2\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "a: &x 1\n",
        "a: *x\n",
        "a: !t 1\n",
        "? a\n: 1\n",
        "a: 1\na: 2\n",
        "{a: 1, a: 2}\n",
        "1: a\n",
        "~: a\n",
        "<<: {x: 1}\n",
        "a: yes\nb: No\nc: ~\nd: null\ne: 0x1F\nf: 1_0\ng: 012\nh: .5\ni: .inf\nj: 1e3\n",
        "a: @x\n",
        "a: `x\n",
        "a: %x\n",
        "a: ,x\n",
        "a: ]x\n",
        "a: }\n",
        "a: x]\n",
        "a: \"x\n  y\"\n",
        "a: 'x\n  y'\n",
        "a: 'x\n",
        "a: \"\\\n\"\n",
        "a: héllo wörld\n",
        "a: \"h\u{e9}\"\n",
        "a: b\u{2028}c\n",
        "a: b\u{85}c\n",
        "a: b\u{feff}c\n",
        "a: \u{7f}\n",
        "a:\tb\n",
        "a: b\r\n",
        "a: 1\n  \n",
        "a: 1\n   # c\n",
        "#c\n",
        "",
        "   \n",
    ];
    let kept = cases.iter().filter(|text| agrees(text)).count();
    assert!(kept >= 70, "{kept} of {}", cases.len());
    // What this reader always leaves to the parser.
    for text in [
        "a: &x 1\n",
        "a:\tb\n",
        "a: b\r\n",
        "---\na: 1\n",
        "a: \"x\\u0041\"\n",
        "a: x\n  y\n",
        "a: |2\n  x\n",
    ] {
        assert!(parse(text, 0, 64).is_none(), "{text:?}");
    }
}

/// A byte order mark's bytes move every span, as they do the parser's.
#[test]
fn a_byte_order_mark_moves_every_span() {
    let text = "a: [b]\n";
    assert_eq!(
        parse(text, 3, 64),
        crate::input::yaml::events::parse(text, 3, 64)
    );
}

/// Nesting past the limit is left to the parser (and so to serde-saphyr's error).
#[test]
fn nesting_as_deep_as_the_limit_is_left_to_the_parser() {
    for depth in [62, 63, 64, 65, 200] {
        let block = "- ".repeat(depth) + "x\n";
        let nested: String = (0..depth)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect::<String>()
            + &"  ".repeat(depth)
            + "x\n";
        let flow = "[".repeat(depth) + &"]".repeat(depth) + "\n";
        for text in [block, nested, flow] {
            agrees(&text);
        }
    }
}

/// A small random generator, the same on every machine.
struct Draw(u64);

impl Draw {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

/// Whether the reader agrees with the parser on each of `count` documents `make`
/// draws; how many it kept.
fn random_documents(count: usize, make: impl Fn(&mut Draw) -> String) -> usize {
    let mut draw = Draw(0x9e37_79b9_7f4a_7c15);
    (0..count).filter(|_| agrees(&make(&mut draw))).count()
}

/// Pieces of YAML strung together at random: nearly all are errors or forms this
/// reader leaves alone; of those it keeps, the parser builds the same.
#[test]
fn pieces_strung_together_at_random_get_the_parsers_tree_or_are_left_to_it() {
    let pieces = [
        "a", "b", "key", ": ", ":", "- ", "-", "\n", "\n", "\n", "  ", " ", "   ", "[", "]", "{",
        "}", ", ", ",", "'", "\"", " #", "#", "|", ">", "|-", ">+", "x y", "1", "~", "\\n",
        "\u{e9}", "''", "\\\"", "\n  ", "\n    ", "\n- ", "\n  - ", "a: ", "b: ", "\n\n", "yes",
        "0", "1.5",
    ];
    let kept = random_documents(20_000, |draw| {
        let len = 2 + draw.next(30);
        (0..len).map(|_| pieces[draw.next(pieces.len())]).collect()
    });
    assert!(kept > 1_000, "{kept}");
}

/// Lines of YAML at random indents: whatever this reader keeps, the parser builds the
/// same.
#[test]
fn lines_at_random_indents_get_the_parsers_tree_or_are_left_to_it() {
    let lines = [
        "a: 1",
        "b:",
        "c: x y",
        "- x",
        "- a: 1",
        "-   b: 2",
        "- [x, y]",
        "d: [x,",
        "  y]",
        "e: {p: 1, q: }",
        "f: |",
        "g: >-",
        "h: |+",
        "text",
        "more text",
        "  spaced",
        "# c",
        "",
        "i: 'q''s'",
        "j: \"d\\\"q\"",
        "- |",
        "- 'x'",
        "k: x # c",
        "l: - x",
        "m: a: b",
        "- - x",
        "-",
        "- ",
        "n: {a: [b, {c: d}]}",
        "o: [a, b,]",
        "p: ~",
        "q: yes",
        "x",
        "r: 'a' # c",
    ];
    let kept = random_documents(20_000, |draw| {
        let mut text = String::new();
        for _ in 0..1 + draw.next(8) {
            text.push_str(&" ".repeat([0, 0, 1, 2, 2, 3, 4, 4, 6][draw.next(9)]));
            text.push_str(lines[draw.next(lines.len())]);
            if draw.next(13) != 0 {
                text.push('\n');
            }
        }
        text
    });
    assert!(kept > 1_000, "{kept}");
}
