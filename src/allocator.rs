//! The allocator's settings charter changes while it runs, and the moments it asks the
//! allocator to hand free pages back (the binary's allocator is mimalloc, without
//! transparent huge pages: docs/performance.md). Nothing comes in or goes out.

use libc::{c_int, c_long};
// Links mimalloc into every binary of the crate, the tests' too, whose options these are.
use libmimalloc_sys as _;

/// `mi_option_purge_delay` in `mimalloc.h` (mimalloc 3): how long, in milliseconds, freed
/// pages wait before they go back to the system; 0 hands them back at once, -1 keeps them.
const PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    fn mi_collect(force: bool);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

fn set_purge_delay(milliseconds: c_long) {
    // SAFETY: `mi_option_set` only stores the option's value; both arguments are plain
    // integers in range.
    unsafe { mi_option_set(PURGE_DELAY, milliseconds) }
}

/// Once a build has planned every engagement, what is left runs on one thread and makes
/// a few large buffers one after another (the record's text, the home page and its
/// merged copy); handed back at once instead of a second later, they do not add up
/// (peak at 10,000 engagements 41 to 34 MiB). While engagements are planned in parallel
/// the delay stays (a page freed is often reused at once, and handing each back would cost
/// CPU); [`hand_back_free_pages_everywhere`] empties the threads between chunks instead.
pub fn hand_back_freed_pages_at_once() {
    set_purge_delay(0);
}

/// Each thread of the pool that plans engagements in parallel, and this one, hands the
/// pages it no longer uses back to the system. Called after each chunk of engagements: a
/// worker's free pages wait for a purge that its next allocations put off, and the
/// results it keeps are spread over pages its temporary texts filled, so its footprint
/// grew with the portfolio (at 10,000 engagements, 7 MiB of a 33 MiB peak was free pages
/// that `mi_collect` hands back). Starts the pool if it is not running: call it only
/// after parallel work.
pub fn hand_back_free_pages_everywhere() {
    // SAFETY: `mi_collect` only returns the calling thread's free memory to the system.
    let collect = || unsafe { mi_collect(true) };
    rayon::broadcast(|_| collect());
    collect();
}

/// On the way out mimalloc hands every free page back to the system, one call per range:
/// a tenth of one engagement's build, for memory that the exit frees anyway.
pub fn keep_pages_at_exit() {
    set_purge_delay(-1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_it_is_taken_for() {
        // SAFETY: `mi_option_get` only reads the option.
        let get = || unsafe { mi_option_get(PURGE_DELAY) };
        let default = get();
        hand_back_freed_pages_at_once();
        let at_once = get();
        keep_pages_at_exit();
        let kept = get();
        set_purge_delay(default);
        assert_eq!(default, 1000, "mimalloc 3 waits 1 s before a purge");
        assert_eq!((at_once, kept), (0, -1));
    }
}
