//! How a [`Diagnostic`] is drawn: miette's graphical report (message, file:line:column,
//! caret excerpt, help), with everything it prints scrubbed: secrets redacted and unsafe
//! characters escaped, in the excerpt as in the messages. Messages and help wrap at
//! spaces only: a control id, a path or a hyphenated word is never split across lines.
//! Without colour, a report of the usual shape is drawn straight ([`super::plain`]), in
//! the same bytes as miette's.
//!
//! Diagnostics in, the text people read out. [`Drawer`] draws them one after another and
//! keeps the excerpt of the file it drew last: an engagement's warnings point into the
//! same file, which is then searched for secrets once, not once for each warning.

use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, NamedSource, SourceCode,
    SourceSpan, SpanContents,
};

use super::nearby::read_span_from_nearby;
use super::plain::{self, CONTEXT_LINES, Parts, WIDTH};
use super::source::Source;
use super::{Diagnostic, Severity, secrets, text};

/// Draws diagnostics one after another ([`Diagnostic::render`] draws one).
pub struct Drawer {
    handler: GraphicalReportHandler,
    /// Whether reports are drawn in colour (by miette) or without ([`plain`] draws the
    /// reports of the usual shape, miette the rest).
    color: bool,
    /// The file of the last excerpt drawn, and the excerpt.
    last: Option<(Arc<Source>, Excerpt)>,
    /// The last texts scrubbed, and what each became ([`Drawer::scrub`]).
    scrubbed: Vec<(String, String)>,
}

/// How many texts [`Drawer::scrub`] remembers: the message, help and label of a warning
/// of each of a few kinds, which a portfolio's engagements repeat.
const SCRUBBED: usize = 8;

impl Drawer {
    /// A drawer for a terminal with colours (`color`) or without.
    pub fn new(color: bool) -> Drawer {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_links(false)
            .with_context_lines(CONTEXT_LINES)
            .with_width(WIDTH)
            .with_word_separator(textwrap::WordSeparator::AsciiSpace)
            .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
        Drawer {
            handler,
            color,
            last: None,
            scrubbed: Vec::with_capacity(SCRUBBED),
        }
    }

    /// [`secrets::scrub`] of `text`, remembered for the next reports: the warnings of one
    /// kind share their help, and often their message, from one engagement to the next.
    fn scrub(&mut self, text: &str) -> String {
        if let Some((_, scrubbed)) = self.scrubbed.iter().find(|(seen, _)| seen == text) {
            return scrubbed.clone();
        }
        let scrubbed = secrets::scrub(text);
        if self.scrubbed.len() == SCRUBBED {
            self.scrubbed.remove(0);
        }
        self.scrubbed.push((text.to_string(), scrubbed.clone()));
        scrubbed
    }

    /// The report of `diagnostic`; its one-line form if miette cannot draw it.
    pub fn draw(&mut self, diagnostic: &Diagnostic) -> String {
        let report = Report::new(diagnostic, self);
        let straight = match self.color {
            true => None,
            false => plain::draw(&report.parts()),
        };
        straight.unwrap_or_else(|| self.by_miette(&report, diagnostic))
    }

    /// The report of `diagnostic` as miette draws it.
    fn by_miette(&self, report: &Report, diagnostic: &Diagnostic) -> String {
        let mut out = String::new();
        if self.handler.render_report(&mut out, report).is_err() {
            out = diagnostic.one_line();
        }
        out
    }

    /// The report of `diagnostic` drawn straight, if it has the shape [`plain`] draws.
    #[cfg(test)]
    pub(super) fn draw_straight(&mut self, diagnostic: &Diagnostic) -> Option<String> {
        plain::draw(&Report::new(diagnostic, self).parts())
    }

    /// The report of `diagnostic` as miette draws it.
    #[cfg(test)]
    pub(super) fn draw_by_miette(&mut self, diagnostic: &Diagnostic) -> String {
        let report = Report::new(diagnostic, self);
        self.by_miette(&report, diagnostic)
    }

    /// The excerpt of `source`: the last one again when it is of the same file.
    fn excerpt(&mut self, source: &Arc<Source>) -> Excerpt {
        if let Some((last, excerpt)) = &self.last
            && Arc::ptr_eq(last, source)
        {
            return excerpt.clone();
        }
        let excerpt = Excerpt::of(source);
        self.last = Some((Arc::clone(source), excerpt.clone()));
        excerpt
    }
}

/// A file as a report shows it.
#[derive(Clone)]
struct Excerpt {
    /// The file's name, scrubbed.
    name: String,
    shown: Shown,
    /// Where offsets of the file land in the text shown ([`text::map_offset`]).
    map: Arc<[(usize, usize)]>,
}

/// The text a report shows of a file.
#[derive(Clone)]
enum Shown {
    /// The file's own text: it holds nothing to redact or escape (most files).
    AsIs(Arc<Source>),
    /// The file's text with its secrets redacted and unsafe characters escaped.
    Scrubbed(Arc<str>),
}

impl Excerpt {
    fn of(source: &Arc<Source>) -> Excerpt {
        let file = &source.text;
        let ranges: Vec<_> = secrets::find(file).into_iter().map(|(r, _)| r).collect();
        let (shown, map) = text::shown(file, &ranges);
        let shown = match shown {
            std::borrow::Cow::Borrowed(_) => Shown::AsIs(Arc::clone(source)),
            std::borrow::Cow::Owned(scrubbed) => Shown::Scrubbed(scrubbed.into()),
        };
        Excerpt {
            name: secrets::scrub(&source.name),
            shown,
            map: map.into(),
        }
    }
}

impl Shown {
    fn text(&self) -> &str {
        match self {
            Shown::AsIs(source) => &source.text,
            Shown::Scrubbed(text) => text,
        }
    }
}

impl SourceCode for Shown {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        read_span_from_nearby(self.text(), span, context_lines_before, context_lines_after)
    }
}

/// Adapter that lets miette draw one diagnostic.
struct Report {
    message: String,
    help: Option<String>,
    label: Option<String>,
    severity: Severity,
    source: Option<NamedSource<Shown>>,
    span: Option<(usize, usize)>,
}

impl Report {
    fn new(diagnostic: &Diagnostic, drawer: &mut Drawer) -> Report {
        let mut source = None;
        let mut span = None;
        if let Some(at) = &diagnostic.at {
            let len = at.source.text.len();
            let Excerpt { name, shown, map } = drawer.excerpt(&at.source);
            let start = text::map_offset(&map, at.span.start.min(len));
            let end = text::map_offset(&map, at.span.end.min(len)).max(start);
            span = Some((start, end));
            source = Some(NamedSource::new(name, shown));
        }
        Report {
            message: drawer.scrub(&diagnostic.message),
            help: diagnostic.help.as_deref().map(|help| drawer.scrub(help)),
            label: diagnostic.label.as_deref().map(|label| drawer.scrub(label)),
            severity: diagnostic.severity,
            source,
            span,
        }
    }
}

impl Report {
    /// Its parts, for [`plain`].
    fn parts(&self) -> Parts<'_> {
        Parts {
            severity: self.severity,
            message: &self.message,
            help: self.help.as_deref(),
            label: self.label.as_deref(),
            place: (self.source.as_ref()).and_then(|source| {
                let span = self.label_span()?;
                Some((source.name(), source.inner().text(), span))
            }),
        }
    }

    /// The span its label marks: its span in the text shown, on character boundaries.
    fn label_span(&self) -> Option<SourceSpan> {
        let (start, end) = self.span?;
        let text = self.source.as_ref()?.inner().text();
        let boundary = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (start, end) = (boundary(start), boundary(end));
        Some(SourceSpan::new(start.into(), end.saturating_sub(start)))
    }
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.help.as_ref()?;
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.label_span()?;
        let label = LabeledSpan::new_with_span(self.label.clone(), span);
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::source::Loc;

    #[test]
    fn report_names_file_line_and_column_with_caret_and_help() {
        let source = Source::new("e.yaml", "id: x\nmodel: freelance\n");
        let at = Loc::new(&source, 13..22);
        let diagnostic = Diagnostic::error(&at, "unknown model `freelance`")
            .with_label("not a model")
            .with_help("did you mean `freelancer`?");
        let text = Drawer::new(false).draw(&diagnostic);
        assert!(text.contains("unknown model `freelance`"), "{text}");
        assert!(text.contains("e.yaml:2:8"), "{text}");
        assert!(text.contains("model: freelance"), "{text}");
        assert!(text.contains("did you mean `freelancer`?"), "{text}");
    }

    /// A long message and help wrap at spaces only: a control id, a path or a
    /// hyphenated word stays whole on its line (it can be searched for and copied), and no
    /// line passes the width but for a word longer than it.
    #[test]
    fn reports_wrap_at_spaces_and_keep_ids_and_paths_whole() {
        let source = Source::new("engagements/e-1.yaml", "id: x\npeople: []\n");
        let at = Loc::new(&source, 6..12);
        let ids = [
            "REL-ESCALATION",
            "REL-SECOND-LINE",
            "REL-SHARED-RUNBOOKS",
            "OFF-ONCALL-REMOVE",
        ];
        let listed = ids.map(|id| format!("`{id}`")).join(", ");
        let message = format!(
            "no person of the engagement fills `on-call-lead`, which 4 applicable controls need ({listed})"
        );
        let help = format!(
            "give the role to a person, or override the owner in ./policies/org-wide-overrides.yaml: {listed}"
        );
        let diagnostic = Diagnostic::warning(&at, &message).with_help(&help);
        let text = Drawer::new(false).draw(&diagnostic);
        for whole in ids
            .iter()
            .copied()
            .chain(["./policies/org-wide-overrides.yaml"])
        {
            let found = text.lines().filter(|l| l.contains(whole)).count();
            assert_eq!(
                found,
                2 - usize::from(whole.starts_with('.')),
                "{whole}:\n{text}"
            );
        }
        for line in text.lines() {
            assert!(line.chars().count() <= 100, "{line}");
        }
        assert!(
            text.lines().filter(|l| l.contains("REL-")).count() >= 2,
            "{text}"
        );
    }

    /// One drawer draws each diagnostic as a drawer of its own would: the excerpt kept
    /// from the last file is used for that file only (same path, other text; secrets and
    /// unsafe characters or none), and a text scrubbed before for that text only.
    #[test]
    fn a_drawer_draws_each_report_as_a_new_one_would() {
        let token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        let texts = [
            format!("id: x\ntoken: {token}\nmodel: freelance\n"),
            "id: x\nmodel: freelance\n".to_string(),
            "id: x\nmodel: free\u{202e}lance\n".to_string(),
            format!("id: y\ntoken: {token}\nmodel: freelance\n"),
        ];
        let sources: Vec<_> = texts.iter().map(|t| Source::new("e.yaml", t)).collect();
        let diagnostics: Vec<Diagnostic> = (sources.iter().chain(&sources))
            .flat_map(|source| {
                let model = source.text.find("model").unwrap_or(0);
                [0..2, model..model + 5]
                    .map(|span| Diagnostic::warning(&Loc::new(source, span), "look here"))
            })
            .collect();
        // Messages, help and labels, secrets among them, repeated after more others than
        // the drawer remembers.
        let source = &sources[1];
        let diagnostics = diagnostics.into_iter().chain((0..3 * SCRUBBED).map(|i| {
            let kind = i % (SCRUBBED + 3);
            let message = match kind % 2 {
                0 => format!("look here {kind}"),
                _ => format!("look at {token} {kind}"),
            };
            Diagnostic::warning(&Loc::new(source, 6..13), message)
                .with_help(format!("help {} {token}", kind % 3))
                .with_label(format!("label {}", kind % 4))
        }));
        let mut drawer = Drawer::new(false);
        for diagnostic in diagnostics {
            let drawn = drawer.draw(&diagnostic);
            assert_eq!(drawn, Drawer::new(false).draw(&diagnostic));
            assert!(!drawn.contains(token), "{drawn}");
        }
    }
}
