//! The binary's allocator ([`Allocator`]: mimalloc, without transparent huge pages,
//! docs/performance.md), the settings charter changes while it runs, the moments it asks
//! the allocator to hand free pages back, and what a run leaves to the process's exit.
//! Nothing comes in or goes out.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, Ordering};

use libc::{c_int, c_long};
// Links mimalloc into every binary of the crate, the tests' too, whose options these are.
use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

/// The binary's allocator: mimalloc, asked as the standard library asks the system's
/// allocator. A block aligned to a machine word or less (nearly every one a run asks
/// for: strings, lists, values holding pointers) takes mimalloc's plain calls, whose path
/// is shorter than the aligned calls' (which the `mimalloc` crate makes for every block);
/// a larger alignment takes the aligned calls.
pub struct Allocator;

/// The alignment every block of mimalloc's has: its sizes are whole machine words, laid
/// from a start aligned to 16 bytes.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each method hands the layout to the mimalloc call that honours it: the plain
// calls when the alignment is at most a word (which every mimalloc block has), the aligned
// calls otherwise; blocks are freed and resized by mimalloc, which made them; a null
// pointer (out of memory) is passed on, as `GlobalAlloc` asks.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            match layout.align() <= WORD {
                true => mi_malloc(layout.size()),
                false => mi_malloc_aligned(layout.size(), layout.align()),
            }
        }
        .cast()
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            match layout.align() <= WORD {
                true => mi_zalloc(layout.size()),
                false => mi_zalloc_aligned(layout.size(), layout.align()),
            }
        }
        .cast()
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` was made by this allocator (`GlobalAlloc`'s contract).
        unsafe { mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was made by this allocator with `layout`; see the impl.
        unsafe {
            match layout.align() <= WORD {
                true => mi_realloc(ptr.cast(), new_size),
                false => mi_realloc_aligned(ptr.cast(), new_size, layout.align()),
            }
        }
        .cast()
    }
}

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

/// This thread hands the pages it no longer uses back to the system.
pub fn hand_back_free_pages_here() {
    // SAFETY: `mi_collect` only returns the calling thread's free memory to the system.
    unsafe { mi_collect(true) }
}

/// On the way out mimalloc hands every free page back to the system, one call per range:
/// a tenth of one engagement's build, for memory that the exit frees anyway.
pub fn keep_pages_at_exit() {
    set_purge_delay(-1);
}

/// Whether the process ends when its command does ([`run_ends_process`]).
static RUN_ENDS_PROCESS: AtomicBool = AtomicBool::new(false);

/// The process ends when its command does (the binary's `main` says so): what a run
/// leaves to the exit ([`leave_to_exit`]) is then not freed.
pub fn run_ends_process() {
    RUN_ENDS_PROCESS.store(true, Ordering::Relaxed);
}

/// Leaves `value`, which the run needs no more, for the process's exit to free, when the
/// process ends with the run; drops it otherwise (a test's process runs many).
pub fn leave_to_exit<T>(value: T) {
    match RUN_ENDS_PROCESS.load(Ordering::Relaxed) {
        true => std::mem::forget(value),
        false => drop(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_has_its_alignment_and_keeps_its_bytes_when_resized() {
        let sizes = [
            0,
            1,
            3,
            7,
            8,
            9,
            15,
            16,
            24,
            40,
            100,
            1000,
            5000,
            70_000,
            1 << 21,
        ];
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in sizes {
                let layout = Layout::from_size_align(size.max(1), align).unwrap();
                // SAFETY: the layouts are not empty; each block is freed once, by the
                // allocator that made it, with the layout it was made or resized with.
                unsafe {
                    let block = Allocator.alloc(layout);
                    assert!(!block.is_null() && (block as usize).is_multiple_of(align));
                    block.write_bytes(0xA5, layout.size());
                    let zeroed = Allocator.alloc_zeroed(layout);
                    assert!((zeroed as usize).is_multiple_of(align));
                    assert!((0..layout.size()).all(|i| *zeroed.add(i) == 0));
                    Allocator.dealloc(zeroed, layout);
                    let grown = Allocator.realloc(block, layout, layout.size() * 3 + 5);
                    assert!((grown as usize).is_multiple_of(align));
                    assert!((0..layout.size()).all(|i| *grown.add(i) == 0xA5));
                    let layout = Layout::from_size_align(layout.size() * 3 + 5, align).unwrap();
                    Allocator.dealloc(grown, layout);
                }
            }
        }
    }

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
