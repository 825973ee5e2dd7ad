//! An engagement's pages as found on disk: each page's text where this flavour puts it
//! (or where another flavour put it), and what a build reads of them. In goes the wiki's
//! root, the flavour and the engagement; out come its pages' texts, their states read
//! whole when a build needs them, or, when the pages are byte for byte as the last build
//! left them (the wiki's record digests their bytes), only their ticks and the lines their
//! footers record ([`AsBuilt`]).

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::fingerprint::{self, Fnv};
use crate::fs::SafeFolders;
use crate::input::engagement::Engagement;
use crate::input::vocab::Document;
use crate::policy::items;
use crate::render::flavor::Flavor;
use crate::render::person;
use crate::wiki::footer::LineDigests;
use crate::wiki::judge::read_existing;
use crate::wiki::scan;
use crate::wiki::state::{self, ReadPage};

/// A page of the engagement as found on disk.
pub struct OnDisk {
    /// The document, or `None` for a person's page.
    pub document: Option<Document>,
    pub path: String,
    pub text: Option<String>,
    /// The page's state, once [`read_states`] read it.
    pub page: Option<ReadPage>,
    /// Where the page was found when another flavour laid it out: the build carries its
    /// state over and retires that file.
    pub moved_from: Option<String>,
}

impl OnDisk {
    /// A page not written yet: the document's, or a person's (`None`).
    fn absent(path: String, document: Option<Document>) -> OnDisk {
        OnDisk {
            document,
            path,
            text: None,
            page: None,
            moved_from: None,
        }
    }
}

/// Every page the engagement has in this flavour, documents first, then its people's,
/// with the text each has on disk (states not read yet).
pub fn pages(
    root: &Path,
    flavor: Flavor,
    engagement: &Engagement,
    diags: &mut Diagnostics,
) -> Vec<OnDisk> {
    let id = &engagement.id.value;
    // Every flavour lays an engagement's pages out in its own folder: without the folder,
    // there is no page to look for.
    let folder = crate::fs::target(root, id).map(|f| std::fs::symlink_metadata(f).is_ok());
    let folder_exists = folder.unwrap_or(true);
    let mut on_disk = Vec::new();
    let folders = &mut SafeFolders::default();
    for document in items::documents(engagement) {
        let found = match folder_exists {
            true => find_page(root, flavor, id, document, folders),
            false => Ok(OnDisk::absent(
                flavor.page_path(id, document),
                Some(document),
            )),
        };
        found.map_or_else(|e| diags.push(e), |found| on_disk.push(found));
    }
    for (path, _) in person::pages(flavor, engagement) {
        let found = match folder_exists {
            true => person_page(root, path, folders),
            false => Ok(OnDisk::absent(path, None)),
        };
        found.map_or_else(|e| diags.push(e), |found| on_disk.push(found));
    }
    on_disk
}

/// The document's page where this flavour puts it, or where another flavour put it
/// (`folders`: as for [`read_existing`]).
pub fn find_page(
    root: &Path,
    flavor: Flavor,
    id: &str,
    document: Document,
    folders: &mut SafeFolders,
) -> Result<OnDisk, Diagnostic> {
    let path = flavor.page_path(id, document);
    let mut found = OnDisk {
        document: Some(document),
        text: read_existing(root, &path, folders)?,
        path,
        page: None,
        moved_from: None,
    };
    if found.text.is_none() {
        for other in Flavor::ALL.iter().filter(|f| **f != flavor) {
            let old = other.page_path(id, document);
            if old == found.path {
                continue;
            }
            let text = read_existing(root, &old, folders)?;
            if let Some(text) = text.filter(|t| state::read(t).is_generated()) {
                found.text = Some(text);
                found.moved_from = Some(old);
                break;
            }
        }
    }
    Ok(found)
}

/// A person's page as found on disk.
fn person_page(root: &Path, path: String, folders: &mut SafeFolders) -> Result<OnDisk, Diagnostic> {
    let text = read_existing(root, &path, folders)?;
    Ok(OnDisk {
        text,
        ..OnDisk::absent(path, None)
    })
}

/// Reads each page's state whole ([`state::read`]).
pub fn read_states(on_disk: &mut [OnDisk]) {
    for d in on_disk.iter_mut().filter(|d| d.page.is_none()) {
        d.page = d.text.as_deref().map(state::read);
    }
}

/// The digest of pages' bytes, from each page's path and the digest of its bytes
/// ([`fingerprint::of_file`]), whatever the order they come in.
pub fn files_digest(pages: &mut [(&str, u64)]) -> u64 {
    pages.sort_unstable();
    let mut hash = Fnv::default();
    for (path, bytes) in pages.iter() {
        hash.write_str(path);
        hash.write_u64(*bytes);
    }
    hash.finish()
}

/// The digest of the pages' bytes as they are on disk; `None` when one is missing.
pub fn digest_of(on_disk: &[OnDisk]) -> Option<u64> {
    let bytes = |d: &OnDisk| Some(fingerprint::of_file(d.text.as_deref()?.as_bytes()));
    let mut pages: Vec<(&str, u64)> = (on_disk.iter())
        .map(|d| Some((d.path.as_str(), bytes(d)?)))
        .collect::<Option<_>>()?;
    Some(files_digest(&mut pages))
}

/// The pages read as the last build left them, when every page is where this flavour
/// puts it and their bytes' digest (`found`, [`digest_of`]) is the one the wiki's record
/// keeps of that build (`files`).
pub fn as_built(on_disk: &[OnDisk], found: Option<u64>, files: u64) -> Option<Vec<AsBuilt>> {
    if !as_left(on_disk, found, files) {
        return None;
    }
    (on_disk.iter())
        .map(|d| read_as_built(d.text.as_deref()?))
        .collect()
}

/// Whether every page is where this flavour puts it and their bytes' digest (`found`) is
/// the one the wiki's record keeps of the last build (`files`).
pub fn as_left(on_disk: &[OnDisk], found: Option<u64>, files: u64) -> bool {
    on_disk.iter().all(|d| d.moved_from.is_none()) && found == Some(files)
}

/// What a build needs of a page whose bytes are the ones the last build left (the wiki's
/// record digests them, [`files_digest`]): which items outside the
/// Retired section are ticked, and the generated lines its footer records, sorted. The
/// rest of its state is not read, nor is each line's digest taken: a build wrote the page
/// so, and a page a build writes holds no stray and needs no repair. `None` for a page
/// whose footer does not record its lines.
pub struct AsBuilt {
    /// The ids of the ticked items outside the Retired section, sorted.
    pub ticked: Vec<String>,
    /// The generated lines' digests the footer records, sorted, each once.
    pub known: LineDigests,
}

/// Reads a page as a build left it (see [`AsBuilt`]).
fn read_as_built(text: &str) -> Option<AsBuilt> {
    let text = state::normalized(text);
    let lines = scan::lines(&text);
    let scan = scan::scan(&lines);
    let (_, footer) = scan.footer.as_ref()?;
    let mut known = footer.lines.clone()?;
    known.digests.sort_unstable();
    known.digests.dedup();
    let current = scan.items.iter().filter(|span| !span.retired);
    let mut ticked: Vec<String> = (current.filter(|span| span.checked))
        .map(|span| span.id.clone())
        .collect();
    ticked.sort_unstable();
    ticked.dedup();
    Some(AsBuilt { ticked, known })
}

impl AsBuilt {
    /// Whether the item opened by `key` outside the Retired section is ticked (the same
    /// as [`state::PageState::current`] of a page read whole).
    pub fn ticked(&self, key: &str) -> bool {
        (self.ticked)
            .binary_search_by(|id| id.as_str().cmp(key))
            .is_ok()
    }
}
