//! Entry points into the pipeline's stages for fuzzing and for tests outside the crate:
//! text in, plain data out. Each runs the same code a command runs; none touches the
//! file system except [`render_engagement`], which reads the engagement's packs, and
//! [`render_values`] and [`load_workspace`], which write their input to a temporary folder.

use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

use crate::diag::Diagnostics;
use crate::diag::source::Source;
use crate::input::engagement::Engagement;
use crate::pack::load::{PackSet, decode_pack};
use crate::policy::resolve;
use crate::project::{Job, Project};
use crate::render::flavor::Flavor;
use crate::wiki::footer::{self, LineDigests, LineHash};
use crate::wiki::merge::{self, PageKind};
use crate::wiki::state;
use crate::wiki::{line_digest, scan};

/// The marker that opens a page's notes area.
pub const NOTES_START: &str = crate::wiki::scan::NOTES_START;

/// Decodes an engagement file's text; returns every diagnostic, rendered as people see it.
pub fn load_engagement(text: &str) -> Vec<String> {
    let source = Source::new("fuzz.yaml", text);
    let mut diags = Diagnostics::default();
    crate::input::decode(&source, &mut diags, Engagement::decode);
    rendered(&diags)
}

/// Decodes a pack file's text and merges it alone; returns every diagnostic, rendered.
pub fn load_pack(text: &str) -> Vec<String> {
    let source = Source::new("fuzz.yaml", text);
    let mut diags = Diagnostics::default();
    if let Some(pack) = decode_pack(&source, &mut diags) {
        let set = PackSet {
            packs: vec![Arc::new(pack)],
            requires: Default::default(),
        };
        resolve::from_packs(&set, &mut diags);
    }
    rendered(&diags)
}

/// One checklist item as read back from a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    /// The control id that opens the item.
    pub id: String,
    /// Whether its box is ticked.
    pub checked: bool,
    /// The item's first line, as written.
    pub line: String,
    /// The lines under it, verbatim.
    pub notes: String,
    /// Whether it stands in the Retired section.
    pub retired: bool,
}

/// What people put into a page, as charter reads it back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ticks {
    /// The checklist items, in page order.
    pub items: Vec<Tick>,
    /// The notes area, verbatim.
    pub notes: String,
    /// Whether generated text was edited since charter wrote the page.
    pub edited: bool,
}

impl Ticks {
    /// The first item with control id `id`.
    pub fn item(&self, id: &str) -> Option<&Tick> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// Reads a page's ticks, notes, and whether it was edited by hand.
pub fn read_ticks(page: &str) -> Ticks {
    let read = state::read(page);
    Ticks {
        edited: read.edited(),
        notes: read.state.notes.clone(),
        items: read
            .state
            .items
            .into_iter()
            .map(|i| Tick {
                id: i.id,
                checked: i.checked,
                line: i.line,
                notes: i.notes,
                retired: i.retired,
            })
            .collect(),
    }
}

/// Carries the state of page `old` into a fresh rendering, as a build does.
pub fn merge_ticks(rendered: &str, old: &str) -> String {
    let old = state::read(old);
    merge::merge(rendered, &old, PageKind::Document, None, true).text
}

/// A first page as charter wrote it before footers recorded `lines2`: [`merge_ticks`] of
/// `rendered` with no old page, its line digests taken the older way (`lines=`, FNV-1a).
pub fn first_page_with_older_digests(rendered: &str) -> String {
    let old = state::ReadPage {
        hash: LineHash::Fnv,
        ..state::ReadPage::default()
    };
    merge::merge(rendered, &old, PageKind::Document, None, true).text
}

/// `page` as charter wrote it before footers recorded `lines2`: the same text, its
/// footer's line digests taken again the older way (`lines=`) for the lines it records.
/// A page without such a footer is returned as it is.
pub fn with_older_digests(page: &str) -> String {
    let lines = scan::lines(page);
    let Some((at, footer)) = scan::scan(&lines).footer else {
        return page.to_string();
    };
    let Some(recorded) = footer.lines else {
        return page.to_string();
    };
    let texts = || lines.iter().map(|l| l.text);
    let now = line_digest::digests(recorded.hash, texts());
    let older = line_digest::digests(LineHash::Fnv, texts());
    let mut digests: Vec<u32> = (now.into_iter().zip(older))
        .filter(|(now, _)| recorded.digests.contains(now))
        .map(|(_, older)| older)
        .collect();
    digests.sort_unstable();
    digests.dedup();
    let hash = LineHash::Fnv;
    let older_footer = footer::line(&LineDigests { hash, digests }, footer.inputs);
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate() {
        text.push_str(if i == at { &older_footer } else { line.text });
        text.push('\n');
    }
    text
}

/// Renders every document of one engagement file (with the built-in templates, no wiki):
/// `(page path, text)` sorted by path, or the diagnostics, rendered.
pub fn render_engagement(file: &Path, today: Date) -> Result<Vec<(String, String)>, Vec<String>> {
    let pages = (rendered_pages(file, today)?.into_iter())
        .map(|(path, text)| (path, crate::render::normalize_text(text)))
        .collect();
    Ok(pages)
}

/// The pages of one engagement file (as [`render_engagement`] renders them) that are not
/// written as their normalization leaves them: each would be copied to be normalized
/// where it is laid into the wiki. Each is named with the first line its normalization changes.
pub fn pages_not_normalized(file: &Path, today: Date) -> Result<Vec<String>, Vec<String>> {
    let not_normalized = |(path, text): (String, String)| {
        let normalized = crate::render::normalize_text(text.clone());
        let changed = text
            .lines()
            .zip(normalized.lines())
            .position(|(a, b)| a != b);
        (normalized != text).then(|| format!("{path}:{}", changed.map_or(0, |i| i + 1)))
    };
    let pages = rendered_pages(file, today)?.into_iter();
    Ok(pages.filter_map(not_normalized).collect())
}

/// Every page of one engagement file as the renderer gives it, sorted by path.
fn rendered_pages(file: &Path, today: Date) -> Result<Vec<(String, String)>, Vec<String>> {
    let mut diags = Diagnostics::default();
    let project = Project {
        workspace: None,
        out: "wiki".into(),
        templates: None,
        local_packs: None,
        flavor: Flavor::Markdown,
        today,
        root: std::env::current_dir().unwrap_or_default(),
    };
    let renderer = project
        .renderer(&mut diags)
        .ok_or_else(|| rendered(&diags))?;
    let each = |job: &Job, d: &mut Diagnostics| job.render(&renderer, None, d);
    let files = project.each(
        &[file.to_path_buf()],
        Some(&renderer),
        &crate::project::Quiet,
        &each,
        &mut diags,
    );
    if diags.has_errors() {
        return Err(rendered(&diags));
    }
    let mut pages: Vec<(String, String)> = (files.concat().into_iter())
        .map(|f| (f.path, f.text))
        .collect();
    pages.sort();
    Ok(pages)
}

fn rendered(diags: &Diagnostics) -> Vec<String> {
    let mut drawer = crate::diag::Drawer::new(false);
    diags.items().iter().map(|d| drawer.draw(d)).collect()
}

/// A page rebuilt from a rendering, as `build --force` would write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rebuilt {
    /// The page written.
    pub text: String,
    /// Whether a build without `--force` refuses to write it (someone edited generated
    /// text; their lines go to the Recovered section).
    pub conflict: bool,
    /// What the build reports, `line: what`, in page order.
    pub reports: Vec<String>,
}

/// Rebuilds page `old` from `rendered`: what a build writes and reports.
pub fn rebuild(rendered: &str, old: &str) -> Rebuilt {
    let page = state::read(old);
    let merged = merge::merge(rendered, &page, PageKind::Document, None, true);
    let mut reports: Vec<(usize, String)> = page
        .repairs
        .iter()
        .map(|r| (r.line, r.what.clone()))
        .chain(merged.recovered.iter().map(|s| {
            (
                s.line,
                format!("{}, kept in Recovered: {}", s.why, s.text.trim()),
            )
        }))
        .collect();
    reports.sort();
    Rebuilt {
        text: merged.text,
        conflict: page.edited() || (!old.is_empty() && !page.is_generated()),
        reports: reports
            .into_iter()
            .map(|(line, what)| format!("{line}: {what}"))
            .collect(),
    }
}

/// The `values` (names, titles, reasons... up to 8 are used) written into an otherwise
/// valid engagement, decoded and rendered with every built-in template: `Ok(pages)` or
/// the diagnostics, rendered. Each value is written as a double-quoted YAML string whose
/// escapes (`\e`, `\u202E`...) give the exact characters, so control characters reach the
/// decoder as they would from a hostile file.
pub fn render_values(values: &[&str]) -> Result<Vec<(String, String)>, Vec<String>> {
    let dir = tempfile::tempdir().map_err(|e| vec![e.to_string()])?;
    let file = dir.path().join("engagement.yaml");
    std::fs::write(&file, engagement_with(values)).map_err(|e| vec![e.to_string()])?;
    render_engagement(&file, Date::constant(2027, 1, 10))
}

fn engagement_with(values: &[&str]) -> String {
    let v = |i: usize| quoted(values.get(i).copied().unwrap_or("x"));
    format!(
        "id: fuzz\nclient: {}\nvendor: {}\nproject: {}\nmodel: pod\nstage: growth\n\
         starts: 2027-01-04\nends: 2027-06-30\ndata-classification: confidential\n\
         regulations: [gdpr]\nproduction-access: true\n\
         people:\n  - {{ name: {}, side: client, roles: [engineering-manager, security-officer, architecture-owner, client-legal] }}\n\
         \x20 - {{ name: {}, side: vendor, roles: [engineer, vendor-lead] }}\n\
         repositories: [{}]\nenvironments: [{}]\npacks: [builtin:standard]\n\
         waivers:\n  - {{ control: CI-DAST, reason: {}, approved-by: {}, approved-on: 2027-01-02, expires: 2027-02-01 }}\n",
        v(0),
        v(1),
        v(2),
        v(3),
        v(4),
        v(5),
        v(6),
        v(7),
        v(3)
    )
}

/// A YAML double-quoted string holding exactly `text`.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c as u32 > 0x7e => out.push_str(&format!("\\U{:08x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether rendered text holds a character values may not bring in (control, bidi,
/// zero-width): fuzz targets assert it never does.
pub fn has_unsafe_text(text: &str) -> bool {
    crate::diag::text::first_unsafe(text).is_some()
}

/// Marker in a file outside the workspace [`load_workspace`] builds: no diagnostic may
/// ever print it.
pub const OUTSIDE_MARKER: &str = "OUTSIDE-THE-WORKSPACE-c3VjcmV0";

/// A workspace whose `charter.yaml` is `text`, beside a folder outside it that holds a
/// file with [`OUTSIDE_MARKER`] and links pointing out: the workspace is opened, its
/// engagements found, loaded and rendered. Returns every diagnostic, rendered.
pub fn load_workspace(text: &str) -> Vec<String> {
    let Ok(top) = tempfile::tempdir() else {
        return Vec::new();
    };
    let ws = top.path().join("ws");
    if setup_workspace(top.path(), &ws, text).is_err() {
        return Vec::new();
    }
    let mut diags = Diagnostics::default();
    let options = crate::project::Options {
        workspace: Some(ws),
        out: None,
        templates: None,
        flavor: None,
        today: Date::constant(2027, 1, 10),
    };
    if let Some(project) = Project::open(&options, &mut diags) {
        let renderer = project.renderer(&mut diags);
        if let (Some(renderer), Some(selection)) =
            (renderer, project.engagement_files(&[], &mut diags))
        {
            let each = |job: &Job, d: &mut Diagnostics| job.render(&renderer, None, d);
            project.each(
                &selection.files,
                Some(&renderer),
                &crate::project::Quiet,
                &each,
                &mut diags,
            );
        }
    }
    rendered(&diags)
}

fn setup_workspace(top: &Path, ws: &Path, text: &str) -> std::io::Result<()> {
    let outside = top.join("outside");
    std::fs::create_dir_all(&outside)?;
    let secret = format!("pack: {OUTSIDE_MARKER}\nid: {OUTSIDE_MARKER}\n");
    std::fs::write(outside.join("secret.yaml"), &secret)?;
    std::fs::write(outside.join("raci.md"), &secret)?;
    for dir in ["engagements", "packs", "templates", "wiki"] {
        std::fs::create_dir_all(ws.join(dir))?;
    }
    std::fs::write(ws.join("charter.yaml"), text)?;
    let engagement = engagement_with(&[]).replace(
        "packs: [builtin:standard]",
        "packs: [builtin:core, local:acme, ./acme.yaml, ../../outside/secret.yaml]",
    );
    std::fs::write(ws.join("engagements/e.yaml"), engagement)?;
    let pack = "pack: acme\nversion: 1.0.0\ntitle: Acme\ndescription: Acme's own rules\n";
    std::fs::write(ws.join("packs/acme.yaml"), pack)?;
    std::fs::write(ws.join("engagements/acme.yaml.txt"), pack)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(&outside, ws.join("out-link"))?;
        symlink(
            outside.join("secret.yaml"),
            ws.join("engagements/acme.yaml"),
        )?;
        symlink(outside.join("raci.md"), ws.join("templates/raci.md"))?;
    }
    Ok(())
}
