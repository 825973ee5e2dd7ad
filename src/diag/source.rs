//! Source files and locations inside them.
//!
//! Every input charter reads (engagement, pack, template) becomes a [`Source`]: a display
//! name (a path as the user wrote it, or `builtin:NAME`) and its text. A [`Loc`] is a byte
//! range inside one source; it turns into `name:line:column` for diagnostics and provenance.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// One input file, kept whole so diagnostics can quote it.
#[derive(Debug, PartialEq, Eq)]
pub struct Source {
    /// What the user calls the file: a path or `builtin:NAME`.
    pub name: String,
    /// The file's text (UTF-8, LF or CRLF line endings as read); a built-in file's is the
    /// binary's own, not a copy.
    pub text: Cow<'static, str>,
}

/// How sources embedded in the binary are named: `builtin:NAME`.
pub const BUILTIN_PREFIX: &str = "builtin:";

impl Source {
    /// A source embedded in the binary, named `builtin:NAME`.
    pub fn builtin(name: &str, text: &'static str) -> Arc<Source> {
        Arc::new(Source {
            name: format!("{BUILTIN_PREFIX}{name}"),
            text: Cow::Borrowed(text),
        })
    }

    /// Whether the source is embedded in the binary.
    pub fn is_builtin(&self) -> bool {
        self.name.starts_with(BUILTIN_PREFIX)
    }

    /// A shared source, ready to hand out locations.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Source> {
        Arc::new(Source {
            name: name.into(),
            text: Cow::Owned(text.into()),
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
        let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

impl Source {
    /// Byte offset of a 1-based line and column (in characters); clamps to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        Source::offset_in(&self.text, line, column)
    }

    /// Byte offset of a 1-based line and column (in characters) in `text`; clamps to it.
    pub fn offset_in(text: &str, line: usize, column: usize) -> usize {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let rest = &text[line_start.min(text.len())..];
        let within: usize = rest
            .chars()
            .take_while(|c| *c != '\n')
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        line_start + within
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A byte range inside a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loc {
    /// The file the range belongs to.
    pub source: Arc<Source>,
    /// Byte range of the located text.
    pub span: Range<usize>,
}

impl Loc {
    /// A location covering `span` in `source`.
    pub fn new(source: &Arc<Source>, span: Range<usize>) -> Loc {
        Loc {
            source: Arc::clone(source),
            span,
        }
    }

    /// The start of a file, for problems that concern the whole file.
    pub fn file_start(source: &Arc<Source>) -> Loc {
        Loc::new(source, 0..0)
    }

    /// 1-based line of the start of the range.
    pub fn line(&self) -> usize {
        self.source.line_col(self.span.start).0
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, column) = self.source.line_col(self.span.start);
        write!(f, "{}:{line}:{column}", self.source.name)
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug)]
pub struct Located<T> {
    /// The decoded value.
    pub value: T,
    /// Where the value stands in its source.
    pub at: Loc,
}

impl<T> Located<T> {
    /// Pairs a value with its location.
    pub fn new(value: T, at: Loc) -> Located<T> {
        Located { value, at }
    }
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let source = Source::new("f.yaml", "a: 1\nb: é x\n");
        assert_eq!(source.line_col(0), (1, 1));
        assert_eq!(source.line_col(5), (2, 1));
        let x = source.text.find('x').unwrap();
        assert_eq!(source.line_col(x), (2, 6));
        assert_eq!(Loc::new(&source, x..x + 1).to_string(), "f.yaml:2:6");
        assert_eq!(source.offset_of(2, 6), x);
    }
}
