//! Bounds on one page's rendering, so a hostile template cannot exhaust memory or time:
//! the page may not grow past [`MAX_PAGE_BYTES`] (plus [`PER_ROW_BYTES`] for each row the
//! page may list: a portfolio page's engagements, an engagement's items, controls and
//! people), `range()` may not hand out more than
//! [`MAX_RANGE_ITEMS`] numbers in one page, and a render that runs past [`TIME_BUDGET`]
//! is stopped (docs/templates.md, "Limits"; docs/security.md).

use std::cell::Cell;
use std::io::{self, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Largest page a template may produce, before the allowance for the rows it lists.
pub const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// What a page may add for each row its input gives it to list (a portfolio's engagements,
/// an engagement's items, controls and people): such a page grows with its input, not with
/// a template's loops.
pub const PER_ROW_BYTES: usize = 4 * 1024;

/// The largest page a template may produce when its input has `rows` rows to list.
pub fn page_limit(rows: usize) -> usize {
    MAX_PAGE_BYTES.saturating_add(rows.saturating_mul(PER_ROW_BYTES))
}

/// Most numbers `range()` may produce while rendering one page, all calls together.
pub const MAX_RANGE_ITEMS: i128 = 1_000_000;

/// Longest one page may take to render.
pub const TIME_BUDGET: Duration = Duration::from_secs(10);

/// Why a render was stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The page grew past its limit (in bytes; see [`page_limit`]).
    PageSize(usize),
    /// The render ran past [`TIME_BUDGET`].
    TimeBudget,
    /// `range()` handed out more than [`MAX_RANGE_ITEMS`] numbers.
    RangeBudget,
}

impl Stop {
    /// What went wrong, for the diagnostic naming the template.
    pub fn message(self, template: &str) -> String {
        match self {
            Stop::PageSize(limit) => format!(
                "template `{template}` produced a page larger than {} MiB, charter's limit",
                limit / (1024 * 1024)
            ),
            Stop::TimeBudget => format!(
                "template `{template}` took longer than {} seconds to render, charter's limit",
                TIME_BUDGET.as_secs()
            ),
            Stop::RangeBudget => format!(
                "template `{template}` asked `range()` for more than {MAX_RANGE_ITEMS} numbers in one page, charter's limit"
            ),
        }
    }
}

thread_local! {
    /// The render under way on this thread: its deadline, `range()` numbers left, and why it
    /// was stopped.
    static CURRENT: Cell<Option<(Instant, i128)>> = const { Cell::new(None) };
    static STOPPED: Cell<Option<Stop>> = const { Cell::new(None) };
}

/// Whether a render is also watched by the thread that ends the process when a render
/// overruns its deadline by far: only user templates can loop without writing or calling
/// anything; the built-in ones loop over their input and write as they go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Watch {
    /// Built-in templates only.
    BuiltIn,
    /// At least one template comes from the user (`--templates DIR`).
    UserTemplates,
}

/// Runs `render` with a fresh budget on this thread; returns what it returned and why
/// it was stopped, if it was.
pub fn with_budget<T>(
    template: &str,
    watch: Watch,
    render: impl FnOnce() -> T,
) -> (T, Option<Stop>) {
    let deadline = Instant::now() + TIME_BUDGET;
    CURRENT.set(Some((deadline, MAX_RANGE_ITEMS)));
    STOPPED.set(None);
    let watched = (watch == Watch::UserTemplates).then(|| watchdog::watch(template, deadline));
    let out = render();
    if let Some(id) = watched {
        watchdog::done(id);
    }
    CURRENT.set(None);
    (out, STOPPED.take())
}

fn stop(why: Stop) -> Stop {
    STOPPED.set(Some(why));
    why
}

fn check_time() -> Result<(), Stop> {
    match CURRENT.get() {
        Some((deadline, _)) if Instant::now() > deadline => Err(stop(Stop::TimeBudget)),
        _ => Ok(()),
    }
}

/// Takes `n` numbers from this page's `range()` budget.
pub fn take_range(n: i128) -> Result<(), Stop> {
    check_time()?;
    let Some((deadline, left)) = CURRENT.get() else {
        return Ok(());
    };
    if n > left {
        return Err(stop(Stop::RangeBudget));
    }
    CURRENT.set(Some((deadline, left - n)));
    Ok(())
}

/// A page buffer that refuses to grow past its limit or past the deadline. The clock is
/// read once every [`WRITES_PER_CLOCK_READ`] writes: a page is thousands of small writes,
/// and reading the clock for each one was a visible share of a build.
pub struct Page {
    /// The bytes written so far.
    pub bytes: Vec<u8>,
    writes: u32,
    limit: usize,
}

impl Page {
    /// An empty page that may grow to [`page_limit`]`(rows)`.
    pub fn listing(rows: usize) -> Page {
        Page {
            bytes: Vec::new(),
            writes: 0,
            limit: page_limit(rows),
        }
    }
}

impl Default for Page {
    fn default() -> Page {
        Page::listing(0)
    }
}

const WRITES_PER_CLOCK_READ: u32 = 64;

impl Write for Page {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + data.len() > self.limit {
            stop(Stop::PageSize(self.limit));
            return Err(io::Error::other("page too large"));
        }
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(WRITES_PER_CLOCK_READ) {
            check_time().map_err(|_| io::Error::other("render too slow"))?;
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `range(end, start=0, step_by=1)`, as Tera's, drawing on the page's budget.
pub fn range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    let error = |m: &str| tera::Error::message(format!("Function `range` {m}"));
    if step == 0 {
        return Err(error("was called with a `step_by` argument of 0"));
    }
    let len = if step > 0 {
        end.saturating_sub(start).max(0).saturating_add(step - 1) / step
    } else {
        start.saturating_sub(end).max(0).saturating_add(-1 - step) / step.saturating_neg()
    };
    take_range(len).map_err(|why| error(&why.message("this")))?;
    let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut at = start;
    for _ in 0..len {
        out.push(at);
        at = at.saturating_add(step);
    }
    Ok(out)
}

/// The last resort for loops that neither write nor call anything: a thread that ends
/// the process (exit 2, nothing written) when a render overruns its deadline by far.
mod watchdog {
    use super::*;

    static ACTIVE: Mutex<Vec<(u64, String, Instant)>> = Mutex::new(Vec::new());
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

    pub fn watch(template: &str, deadline: Instant) -> u64 {
        static STARTED: std::sync::Once = std::sync::Once::new();
        STARTED.call_once(|| {
            let _ = std::thread::Builder::new()
                .name("render-watchdog".into())
                .spawn(run);
        });
        let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut active = ACTIVE.lock().unwrap_or_else(|p| p.into_inner());
        active.push((id, template.to_string(), deadline));
        id
    }

    pub fn done(id: u64) {
        let mut active = ACTIVE.lock().unwrap_or_else(|p| p.into_inner());
        active.retain(|(i, _, _)| *i != id);
    }

    fn run() {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let late = {
                let active = ACTIVE.lock().unwrap_or_else(|p| p.into_inner());
                let grace = TIME_BUDGET / 2;
                (active.iter())
                    .find(|(_, _, deadline)| Instant::now() > *deadline + grace)
                    .map(|(_, name, _)| name.clone())
            };
            if let Some(name) = late {
                eprintln!("error: {}", Stop::TimeBudget.message(&name));
                eprintln!("nothing was written");
                std::process::exit(2);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_listing_engagements_may_grow_with_them_and_no_further() {
        let chunk = vec![b'x'; 1024 * 1024];
        let mut plain = Page::default();
        let mut listing = Page::listing(10_000);
        for _ in 0..8 {
            plain.write_all(&chunk).unwrap();
            listing.write_all(&chunk).unwrap();
        }
        assert!(plain.write_all(&chunk).is_err(), "8 MiB is a page's limit");
        for _ in 0..39 {
            listing.write_all(&chunk).unwrap();
        }
        assert_eq!(page_limit(10_000), 8 * 1024 * 1024 + 10_000 * 4096);
        let over = vec![b'x'; page_limit(10_000) - listing.bytes.len() + 1];
        assert!(listing.write_all(&over).is_err());
        assert_eq!(STOPPED.take(), Some(Stop::PageSize(page_limit(10_000))));
    }
}
