//! An excerpt of a text for a report, read from near the span it shows rather than from
//! the text's start: in come a text, a span and the lines of context, out comes what
//! miette's own reading of the whole text gives.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// What `str`'s `read_span` gives, read from the start of the line that its reading keeps
/// first rather than from the start of the text (which it reads to the span byte by byte,
/// for each excerpt of each warning): the same lines, numbers and columns.
pub(super) fn read_span_from_nearby<'a>(
    text: &'a str,
    span: &SourceSpan,
    before: usize,
    after: usize,
) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
    let bytes = text.as_bytes();
    let from = nearby_start(bytes, span, before);
    let shifted = SourceSpan::new((span.offset() - from).into(), span.len());
    let read = bytes[from..].read_span(&shifted, before, after)?;
    let lines_before = memchr::memchr_iter(b'\n', &bytes[..from]).count();
    Ok(Box::new(MietteSpanContents::new(
        read.data(),
        SourceSpan::new((read.span().offset() + from).into(), read.span().len()),
        read.line() + lines_before,
        read.column(),
        read.line_count() + lines_before,
    )))
}

/// Where reading for `span` with `before` lines of context may start: just after the line
/// feed `before + 1` line feeds back from the span (the reading then meets the lines it
/// keeps as it would from the text's start), one more back for an empty span at a line's
/// start (which miette reads differently at the start of what it reads), or the text's
/// start when there are fewer, or when the text holds a carriage return (which miette
/// reads as a line break too).
fn nearby_start(bytes: &[u8], span: &SourceSpan, before: usize) -> usize {
    if memchr::memchr(b'\r', bytes).is_some() {
        return 0;
    }
    let empty_at_start = |end: usize| span.is_empty() && end + 1 == span.offset();
    let mut end = span.offset().min(bytes.len());
    let mut steps = before + 1;
    while steps > 0 || empty_at_start(end) {
        match memchr::memrchr(b'\n', &bytes[..end]) {
            Some(at) => end = at,
            None => return 0,
        }
        steps = steps.saturating_sub(1);
    }
    end + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_read_from_nearby_is_the_one_read_from_the_start() {
        // Every text of up to five of these characters, every span of up to three bytes
        // in it (a report's spans are clamped to its text), with none, one and two lines
        // of context.
        let mut texts = crate::every_text(&["a", "\n", "é", " "], 5);
        texts.extend(["a\r\nb\nc".to_string(), "\n\n\nabc\n\n".to_string()]);
        let facts = |read: Result<Box<dyn SpanContents<'_> + '_>, MietteError>| {
            read.map(|r| {
                let span = (r.span().offset(), r.span().len());
                (
                    r.data().to_vec(),
                    span,
                    r.line(),
                    r.column(),
                    r.line_count(),
                )
            })
            .map_err(|e| e.to_string())
        };
        for text in &texts {
            for start in 0..=text.len() {
                for len in 0..=(text.len() - start).min(3) {
                    for (before, after) in [(0, 0), (1, 1), (2, 1), (0, 2)] {
                        let span = SourceSpan::new(start.into(), len);
                        let whole = facts(text.as_str().read_span(&span, before, after));
                        let nearby = facts(read_span_from_nearby(text, &span, before, after));
                        assert_eq!(nearby, whole, "{text:?} {start}+{len} {before} {after}");
                    }
                }
            }
        }
    }
}
