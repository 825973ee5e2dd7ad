//! Rendering: Tera 2 templates, built-in ones embedded, any of them replaceable by name.
//! A page whose built-in template is used is written by code ([`written`], ADR 0009);
//! Tera parses the templates only when `--templates` gives one.
//!
//! Built-in templates are registered under the `builtin/` prefix, which Tera tries when a
//! name is not found as given; templates from `--templates DIR` are registered by their bare
//! file name, so a user file `raci.md` wins over the built-in one and the rest stay built-in.

pub mod bounds;
pub mod checklist;
pub mod context;
mod documents;
pub mod escape;
pub mod flavor;
pub mod gantt;
pub mod metrics;
mod people;
pub mod person;
pub mod raci;
pub mod review;
pub mod tooling;
mod written;

pub use documents::Documents;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diag::source::{Loc, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::input::builtin;

const BUILTIN_PREFIX: &str = "builtin/";

/// Registered templates, ready to render documents.
pub struct Renderer {
    /// The templates parsed, when `--templates` gives at least one: pages whose built-in
    /// template is used are written by code (ADR 0009) and need no parsed template.
    tera: Option<tera::Tera>,
    sources: BTreeMap<String, Arc<Source>>,
    watch: bounds::Watch,
}

impl Renderer {
    /// Loads the built-in templates and, if given, the overrides in `dir`; parses them all
    /// when there is an override (an override may include a built-in template).
    pub fn new(dir: Option<&Path>, diags: &mut Diagnostics) -> Option<Renderer> {
        let mut sources = BTreeMap::new();
        for (name, text) in builtin::TEMPLATES {
            let full = format!("{BUILTIN_PREFIX}{name}");
            sources.insert(full, Source::builtin(&format!("templates/{name}"), text));
        }
        if let Some(dir) = dir {
            read_overrides(dir, &mut sources, diags);
        }
        let user = sources.keys().any(|name| !name.starts_with(BUILTIN_PREFIX));
        let (tera, watch) = match user {
            true => (Some(parse(&sources, diags)?), bounds::Watch::UserTemplates),
            false => (None, bounds::Watch::BuiltIn),
        };
        Some(Renderer {
            tera,
            sources,
            watch,
        })
    }

    /// Whether `word` may be read by one of the built-in templates `builtin` or by any
    /// override (an override may include or extend another, so every override counts): a
    /// template that cannot name a field needs no value for it.
    pub fn may_name(&self, builtin: &[&str], word: &str) -> bool {
        self.sources.iter().any(|(name, source)| {
            let read = match name.strip_prefix(BUILTIN_PREFIX) {
                Some(name) => builtin.contains(&name),
                None => true,
            };
            read && source.text.contains(word)
        })
    }

    /// Whether a template from `--templates` replaces the built-in template `name`.
    pub fn is_replaced(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// A digest of every template's name and text: pages depend on it. With only the
    /// built-in templates (no template parsed), the build script made it.
    pub fn fingerprint(&self) -> u64 {
        match self.tera {
            None => builtin::TEMPLATES_DIGEST,
            Some(_) => digest(&self.sources),
        }
    }

    /// Renders the template for a page that lists `rows` things (a home page's engagements,
    /// an engagement's items): its size limit grows with them ([`bounds::page_limit`]).
    pub fn render_listing(
        &self,
        document: &str,
        context: &tera::Context,
        rows: usize,
    ) -> Result<String, Diagnostic> {
        let mut page = bounds::Page::listing(rows);
        let Some(tera) = &self.tera else {
            let message = format!("template `{document}` is built in and written by code");
            return Err(Diagnostic::unlocated(message));
        };
        let (result, stopped) = bounds::with_budget(document, self.watch, || {
            tera.render_to(document, context, &mut page)
        });
        if let Some(why) = stopped {
            return Err(self.stopped(document, why));
        }
        result.map_err(|e| first(template_errors(&e, &self.sources)))?;
        Ok(normalize(page.bytes))
    }

    /// A page written by code for the built-in template `template`, held to the same size
    /// limit as a rendered one. It is normalized where it is laid into the wiki, in the
    /// pass that finds its lines ([`crate::wiki::merge`]), or shown ([`Renderer::pages`]).
    fn written(&self, template: &str, rows: usize, text: String) -> Result<String, Diagnostic> {
        let limit = bounds::page_limit(rows);
        if text.len() > limit {
            return Err(self.stopped(template, bounds::Stop::PageSize(limit)));
        }
        Ok(text)
    }

    /// The error for a render stopped at a limit, at the start of the template's file.
    fn stopped(&self, document: &str, why: bounds::Stop) -> Diagnostic {
        let help = "`charter help templates` (\"Limits\") gives the limits on pages";
        let message = why.message(document);
        let own = self.sources.get(document);
        match own.or_else(|| self.sources.get(&format!("{BUILTIN_PREFIX}{document}"))) {
            Some(source) => Diagnostic::error(&Loc::file_start(source), message).with_help(help),
            None => Diagnostic::unlocated(message).with_help(help),
        }
    }
}

/// Parses every template of `sources`, the built-in ones as a fallback for the names the
/// user's do not take.
fn parse(sources: &BTreeMap<String, Arc<Source>>, diags: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(Vec::<&'static str>::new());
    tera.register_function("range", bounds::range);
    if let Err(e) = tera.set_fallback_prefixes([BUILTIN_PREFIX]) {
        diags.push(Diagnostic::unlocated(format!(
            "cannot set up templates: {e}"
        )));
        return None;
    }
    let all = sources
        .iter()
        .map(|(name, source)| (name.clone(), source.text.clone()));
    if let Err(error) = tera.add_raw_templates(all) {
        diags.extend(template_errors(&error, sources));
        return None;
    }
    Some(tera)
}

fn read_overrides(
    dir: &Path,
    sources: &mut BTreeMap<String, Arc<Source>>,
    diags: &mut Diagnostics,
) {
    let entries = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let message = format!("cannot read templates folder `{}`: {e}", fs::display(dir));
                diags.push(Diagnostic::unlocated(message));
                return;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        if !entry.file_type().is_file() || !name.ends_with(".md") {
            continue;
        }
        match fs::read_source(entry.path()) {
            Ok(source) => {
                check_clean(&source, diags);
                sources.insert(name, source);
            }
            Err(e) => diags.push(e),
        }
    }
}

/// A template is text like every input: no control (other than tab, line feed and the
/// carriage return of CRLF), bidirectional or zero-width characters, and nothing the
/// secret detector flags (docs/security.md).
fn check_clean(source: &Arc<Source>, diags: &mut Diagnostics) {
    let text = source.text.replace("\r\n", " \n");
    if let Some((at, c, what)) = crate::diag::text::first_unsafe(&text) {
        let message = format!("the template holds U+{:04X}, {what}", c as u32);
        let at = Loc::new(source, at..at + c.len_utf8());
        let help = "templates are plain text: remove the character";
        diags.push(Diagnostic::error(&at, message).with_help(help));
    }
    for (range, what) in crate::diag::secrets::find(&source.text) {
        let message =
            format!("this looks like {what}; charter does not publish secrets into the wiki");
        let help = "remove it from the template and rotate it";
        diags.push(Diagnostic::error(&Loc::new(source, range), message).with_help(help));
    }
}

/// Turns a Tera error into located diagnostics in the templates' own files.
fn template_errors(
    error: &tera::Error,
    sources: &BTreeMap<String, Arc<Source>>,
) -> Vec<Diagnostic> {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => r,
        _ => return reports_in_text(&error.to_string(), sources),
    };
    let Some(source) = sources.get(report.filename()) else {
        let message = format!("template `{}`: {}", report.filename(), report.message());
        return vec![Diagnostic::unlocated(message)];
    };
    let span = report.span().range.clone();
    let len = source.text.len();
    let at = Loc::new(source, span.start.min(len)..span.end.min(len));
    vec![located(&at, report.message())]
}

fn located(at: &Loc, message: &str) -> Diagnostic {
    let help = if message.starts_with("Unknown template") {
        "templates can include only templates of the built-in set or of the --templates folder, by file name"
    } else {
        "`charter docs templates` lists the variables and filters templates can use"
    };
    Diagnostic::error(at, format!("template error: {message}")).with_help(help)
}

/// Tera reports reference checks (unknown filters, includes...) as rendered text, one
/// `error: MESSAGE` / `--> NAME:LINE:COLUMN` pair per problem; this reads them back.
fn reports_in_text(text: &str, sources: &BTreeMap<String, Arc<Source>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines().map(str::trim) {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.trim_start_matches("error: "));
        } else if let (Some(m), Some(place)) = (message, line.strip_prefix("--> ")) {
            out.push(report_at(m, place, sources));
            message = None;
        }
    }
    if out.is_empty() {
        out.push(Diagnostic::unlocated(format!(
            "template error: {}",
            first_line(text)
        )));
    }
    out
}

fn report_at(message: &str, place: &str, sources: &BTreeMap<String, Arc<Source>>) -> Diagnostic {
    let mut parts = place.rsplitn(3, ':');
    let column = parts
        .next()
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(1);
    let line = parts
        .next()
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(1);
    let name = parts.next().unwrap_or(place);
    match sources.get(name) {
        Some(source) => {
            let offset = source.offset_of(line, column);
            located(&Loc::new(source, offset..offset), message)
        }
        None => Diagnostic::unlocated(format!("template `{name}`: {message}")),
    }
}

/// The digest of templates' names and texts, in the order of the names.
fn digest(sources: &BTreeMap<String, Arc<Source>>) -> u64 {
    let mut hash = crate::fingerprint::Fnv::default();
    for (name, source) in sources {
        hash.write_str(name);
        hash.write_str(&source.text);
    }
    hash.finish()
}

fn first(diagnostics: Vec<Diagnostic>) -> Diagnostic {
    let fallback = || Diagnostic::unlocated("template error");
    diagnostics.into_iter().next().unwrap_or_else(fallback)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// A rendered page's text: LF endings, no trailing spaces, no runs of blank lines, one
/// final newline. Rewritten where it stands, since it only shrinks (a home page of 10,000
/// engagements is not held twice), then checked as UTF-8 once: the character-by-character
/// lossy pass only when that fails. Pages written without a template go through it too.
pub fn normalize(mut bytes: Vec<u8>) -> String {
    let (mut read, mut write) = (0, 0);
    let mut blank_run = 0;
    while read < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[read..]).map_or(bytes.len(), |i| read + i);
        let last = end == bytes.len();
        let kept = end - read - trailing_white_space(&bytes[read..end]);
        blank_run = if kept == 0 { blank_run + 1 } else { 0 };
        if blank_run <= 1 && !(kept == 0 && write == 0) {
            // What is written never passes what is read: a line and its newline. Until a
            // line is dropped or shortened the two are the same and nothing moves.
            if write != read {
                bytes.copy_within(read..read + kept, write);
            }
            write += kept;
            match bytes.get_mut(write) {
                Some(byte) => *byte = b'\n',
                None => bytes.push(b'\n'),
            }
            write += 1;
        }
        if last {
            break;
        }
        read = end + 1;
    }
    bytes.truncate(write);
    while bytes.ends_with(b"\n\n") {
        bytes.pop();
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`normalize`] of a text that is UTF-8 already (a page written by code), in one pass:
/// the text is given back as it is up to its first line that changes, and only the rest
/// is copied, line by line, into a new text; nothing is decoded again.
pub fn normalize_text(text: String) -> String {
    normalize_text_with(text, |_| {})
}

/// [`normalize_text`], telling `line` where each line that is not blank stands in the text
/// given back (without its newline), in order: what lays a page finds its lines in the
/// same pass.
pub fn normalize_text_with(mut text: String, mut line: impl FnMut(Range<usize>)) -> String {
    let bytes = text.as_bytes();
    // The text as it is up to `same`, then what `out` holds, once a line changed.
    let (mut same, mut out) = (0, None::<String>);
    let (mut start, mut blank_run) = (0, 0);
    // One search for every line break, not one set up for each line.
    let mut breaks = memchr::memchr_iter(b'\n', bytes);
    while start < bytes.len() {
        let end = breaks.next().unwrap_or(bytes.len());
        let kept = end - start - trailing_white_space(&bytes[start..end]);
        blank_run = if kept == 0 { blank_run + 1 } else { 0 };
        let written = out.as_ref().map_or(same, String::len);
        let keep = blank_run <= 1 && !(kept == 0 && written == 0);
        match &mut out {
            None if keep && start + kept == end && end < bytes.len() => same = end + 1,
            None => {
                // Room for the footer a merge adds (eight digits for each line of some
                // forty bytes or more, and its words): it is not copied again to grow.
                let room = text.len() + text.len() / 4 + 256;
                let mut copy = String::with_capacity(room.min(text.capacity()));
                copy.push_str(&text[..same]);
                out = Some(copy);
            }
            Some(_) => {}
        }
        if keep && kept > 0 {
            line(written..written + kept);
        }
        if let Some(out) = out.as_mut().filter(|_| keep) {
            out.push_str(&text[start..start + kept]);
            out.push('\n');
        }
        start = end + 1;
    }
    if let Some(out) = out {
        text = out;
    }
    while text.ends_with("\n\n") {
        text.pop();
    }
    text
}

/// How many bytes of white space (as `str::trim_end` sees it) end `line`: only its last
/// characters are decoded, and a byte that is not UTF-8 is not white space.
fn trailing_white_space(line: &[u8]) -> usize {
    // Most lines end in an ASCII character that is not white space: nothing to decode.
    if line
        .last()
        .is_some_and(|&b| b.is_ascii() && !char::from(b).is_whitespace())
    {
        return 0;
    }
    let mut end = line.len();
    while end > 0 {
        // The last character starts at the last byte that does not continue another.
        let start = (line[..end].iter().rposition(|b| b & 0xC0 != 0x80)).unwrap_or(0);
        let white = std::str::from_utf8(&line[start..end])
            .is_ok_and(|c| c.chars().next().is_some_and(char::is_whitespace));
        if !white {
            break;
        }
        end = start;
    }
    line.len() - end
}

#[cfg(test)]
mod tests {
    use super::{Renderer, digest, normalize, normalize_text};
    use crate::diag::Diagnostics;

    #[test]
    fn the_built_in_templates_digest_is_the_one_their_texts_make() {
        let renderer = Renderer::new(None, &mut Diagnostics::default()).unwrap();
        assert!(renderer.tera.is_none());
        assert_eq!(renderer.fingerprint(), digest(&renderer.sources));
        assert_eq!(
            renderer.sources.len(),
            crate::input::builtin::TEMPLATES.len()
        );
    }

    /// What `normalize` does, line by line into a new string.
    fn normalized(text: &str) -> String {
        let mut out = String::new();
        let mut blank_run = 0;
        for line in text.lines().map(str::trim_end) {
            blank_run = if line.is_empty() { blank_run + 1 } else { 0 };
            if blank_run > 1 || (line.is_empty() && out.is_empty()) {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    #[test]
    fn every_short_text_is_normalized_as_a_new_string_would_be() {
        // Every text of up to seven of these characters: runs of blank lines, white space
        // before a line break, at the start and at the end, in every arrangement.
        for text in crate::every_text(&["a", " ", "\n", "\r", "\u{3000}"], 7) {
            let normal = normalized(&text);
            assert_eq!(normalize(text.clone().into_bytes()), normal, "{text:?}");
            assert_eq!(normalize(normal.clone().into_bytes()), normal, "{normal:?}");
            assert_eq!(normalize_text(text.clone()), normal, "{text:?}");
            assert_eq!(normalize_text(normal.clone()), normal, "{normal:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn normalizing_in_place_gives_what_a_new_string_would(
            text in "[a\u{e9}\u{3000}\u{a0} \t\r\n]{0,40}"
        ) {
            proptest::prop_assert_eq!(normalize(text.clone().into_bytes()), normalized(&text));
            proptest::prop_assert_eq!(normalize_text(text.clone()), normalized(&text));
        }

        #[test]
        fn bytes_that_are_not_utf8_are_normalized_as_their_lossy_text(
            bytes in proptest::collection::vec(proptest::sample::select(
                vec![b'a', b' ', b'\t', b'\r', b'\n', 0x80, 0xA0, 0xC2, 0xE3, 0x80, 0xFF]
            ), 0..40)
        ) {
            let lossy = String::from_utf8_lossy(&bytes);
            proptest::prop_assert_eq!(normalize(bytes.clone()), normalized(&lossy));
        }
    }
}
