//! Stable 64-bit digests (FNV-1a): the same bytes give the same number on every platform
//! and with every compiler, so digests can be written into pages and compared later.
//! This file uses nothing of the crate: the build script includes it too, to digest the
//! built-in packs once.

/// An FNV-1a hasher.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

/// FNV-1a's step: one byte into the digest.
fn step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

impl Fnv {
    /// Adds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |hash, byte| step(hash, *byte));
    }

    /// Adds a length-prefixed string, so that ("ab", "c") and ("a", "bc") differ.
    pub fn write_str(&mut self, text: &str) {
        self.write(&(text.len() as u64).to_le_bytes());
        self.write(text.as_bytes());
    }

    /// Adds another digest.
    pub fn write_u64(&mut self, value: u64) {
        self.write(&value.to_le_bytes());
    }

    /// The digest so far.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// The digest of each byte string (each the same as [`Fnv::write`] of it alone). FNV-1a
/// takes one byte after another; four strings digested side by side, each lane taking the
/// next string as soon as its own is done, keep the processor busy while each
/// multiplication completes.
pub fn each(messages: &[&[u8]]) -> Vec<u64> {
    let basis = Fnv::default().0;
    let mut out = vec![0; messages.len()];
    let mut queue = messages.iter().copied().enumerate();
    let mut lanes: [Option<(usize, &[u8], u64)>; 4] =
        std::array::from_fn(|_| queue.next().map(|(i, m)| (i, m, basis)));
    while let [Some(a), Some(b), Some(c), Some(d)] = lanes {
        let common = [a.1, b.1, c.1, d.1]
            .map(<[u8]>::len)
            .into_iter()
            .min()
            .unwrap_or(0);
        let mut h = [a.2, b.2, c.2, d.2];
        let bytes = a.1[..common]
            .iter()
            .zip(&b.1[..common])
            .zip(&c.1[..common])
            .zip(&d.1[..common]);
        for (((a, b), c), d) in bytes {
            h = [
                step(h[0], *a),
                step(h[1], *b),
                step(h[2], *c),
                step(h[3], *d),
            ];
        }
        for (lane, (was, h)) in lanes.iter_mut().zip([a, b, c, d].into_iter().zip(h)) {
            let rest = &was.1[common..];
            *lane = match rest.is_empty() {
                false => Some((was.0, rest, h)),
                true => {
                    out[was.0] = h;
                    queue.next().map(|(i, m)| (i, m, basis))
                }
            };
        }
    }
    // Fewer strings than lanes are left: the rest one by one.
    for (i, rest, h) in lanes.into_iter().flatten() {
        let mut hash = Fnv(h);
        hash.write(rest);
        out[i] = hash.finish();
    }
    out
}

/// The digest of one text, length-prefixed (a pack's text, an engagement file's).
pub fn of_text(text: &str) -> u64 {
    let mut hash = Fnv::default();
    hash.write_str(text);
    hash.finish()
}

/// The digest of bytes, eight at a time (a file's bytes; a page's line, which its footer
/// records): FNV-1a's byte at a time is several times slower over a wiki's pages. Each
/// step (exclusive or of the next eight bytes, multiplication by an odd number, rotation)
/// maps the digest one to one, and so does the last mix, so two texts of the same length
/// that differ within one eight-byte word always get different digests.
pub fn of_bytes(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let start = Fnv::default().0 ^ (bytes.len() as u64).wrapping_mul(ODD);
    let hash = (&mut words).fold(start, |hash, word| word_step(hash, word_at(word)));
    finish(word_step(hash, last_word(words.remainder())))
}

/// [`of_bytes`] of `head` followed by `rest` (`head` of one to seven bytes: an item line's
/// box before the rest of its line), without putting them together.
pub fn of_two(head: &[u8], rest: &[u8]) -> u64 {
    debug_assert!((1..8).contains(&head.len()));
    let start = Fnv::default().0 ^ ((head.len() + rest.len()) as u64).wrapping_mul(ODD);
    // The first word: `head`, then as much of `rest` as fills it.
    let take = (8 - head.len()).min(rest.len());
    let first = last_word(head) | last_word(&rest[..take]) << (8 * head.len());
    if head.len() + take < 8 {
        return finish(word_step(start, first));
    }
    let mut words = rest[take..].chunks_exact(8);
    let hash = (&mut words).fold(word_step(start, first), |hash, word| {
        word_step(hash, word_at(word))
    });
    finish(word_step(hash, last_word(words.remainder())))
}

/// The digest of a file's bytes, as the wiki's record keeps it for each page: four words
/// side by side, each lane as [`of_bytes`] steps, the lanes and the length mixed at the
/// end. A page's bytes are digested at every build, and one lane waits on each step.
pub fn of_file(bytes: &[u8]) -> u64 {
    let mut blocks = bytes.chunks_exact(32);
    let mut lanes: [u64; 4] = std::array::from_fn(|k| Fnv::default().0 ^ (k as u64 + 1));
    for block in &mut blocks {
        for (k, lane) in lanes.iter_mut().enumerate() {
            *lane = word_step(*lane, word_at(&block[8 * k..8 * k + 8]));
        }
    }
    let mut last = [0u8; 32];
    last[..blocks.remainder().len()].copy_from_slice(blocks.remainder());
    for (k, lane) in lanes.iter_mut().enumerate() {
        *lane = word_step(*lane, word_at(&last[8 * k..8 * k + 8]));
    }
    let start = Fnv::default().0 ^ (bytes.len() as u64).wrapping_mul(ODD);
    finish(lanes.into_iter().fold(start, word_step))
}

/// The odd number each step of [`of_bytes`] multiplies by.
const ODD: u64 = 0x9e37_79b9_7f4a_7c15;

/// One step of [`of_bytes`]: the next eight bytes in; it maps the digest one to one.
fn word_step(hash: u64, word: u64) -> u64 {
    (hash ^ word).wrapping_mul(ODD).rotate_left(29)
}

/// Eight bytes as a little-endian word.
fn word_at(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().unwrap_or_default())
}

/// The last word of [`of_bytes`]: the bytes left (fewer than eight), zeros after them.
/// Read as two words of four bytes or three single bytes that may overlap, not copied
/// (a copy of a length known only as the line is read is a call of its own, for every
/// line of every page).
fn last_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    let four = |at: usize| {
        u64::from(u32::from_le_bytes(
            rest[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    match n {
        0 => 0,
        1..=3 => {
            let byte = |at: usize| u64::from(rest[at]) << (8 * at);
            byte(0) | byte(n / 2) | byte(n - 1)
        }
        _ => four(0) | four(n - 4) << (8 * (n - 4)),
    }
}

/// The last mix of [`of_bytes`]: the high half into the low, one to one.
fn finish(hash: u64) -> u64 {
    hash ^ (hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn side_by_side_each_is_digested_as_alone(m in proptest::collection::vec(proptest::collection::vec(proptest::num::u8::ANY, 0..40), 0..12)) {
            let alone = |bytes: &[u8]| {
                let mut h = Fnv::default();
                h.write(bytes);
                h.finish()
            };
            let expected: Vec<u64> = m.iter().map(|b| alone(b)).collect();
            let messages: Vec<&[u8]> = m.iter().map(Vec::as_slice).collect();
            proptest::prop_assert_eq!(each(&messages), expected);
        }
    }

    #[test]
    fn empty_strings_side_by_side_get_the_empty_digest() {
        let messages: [&[u8]; 7] = [b"", b"", b"a", b"", b"bc", b"", b""];
        let empty = Fnv::default().finish();
        let got = each(&messages);
        assert_eq!(got[0], empty);
        assert_eq!(got[6], empty);
        assert_eq!(got[2], 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn digests_are_the_published_fnv1a_values() {
        let mut h = Fnv::default();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
        let (mut x, mut y) = (Fnv::default(), Fnv::default());
        x.write_str("ab");
        x.write_str("c");
        y.write_str("a");
        y.write_str("bc");
        assert_ne!(x.finish(), y.finish());
    }

    #[test]
    fn a_file_digest_changes_with_any_byte_and_the_length() {
        let text: Vec<u8> = (0..100u8).map(|b| b.wrapping_mul(37)).collect();
        let mut seen = std::collections::HashSet::new();
        for len in 0..text.len() {
            assert!(seen.insert(of_file(&text[..len])), "length {len}");
            for at in 0..len {
                let mut other = text[..len].to_vec();
                other[at] ^= 1;
                assert_ne!(of_file(&other), of_file(&text[..len]), "{len} {at}");
            }
        }
        assert_ne!(of_file(&[0; 8]), of_file(&[0; 16]));
    }

    #[test]
    fn a_file_digest_is_the_same_on_every_platform() {
        assert_eq!(
            of_file(b"- [ ] `CI-SAST` Static analysis\n"),
            0x36ce_506a_6432_3d45
        );
        assert_eq!(of_bytes(b""), of_bytes(b""));
        assert_eq!(
            of_bytes(b"- [ ] `CI-SAST` Static analysis\n"),
            0x0dc6_8f36_76f2_5cff
        );
    }

    /// `of_bytes` as it was written first: the last bytes copied into a word of zeros.
    fn of_bytes_copying(bytes: &[u8]) -> u64 {
        let mut words = bytes.chunks_exact(8);
        let start = Fnv::default().0 ^ (bytes.len() as u64).wrapping_mul(ODD);
        let hash = (&mut words).fold(start, |hash, word| word_step(hash, word_at(word)));
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        finish(word_step(hash, u64::from_le_bytes(last)))
    }

    #[test]
    fn line_digests_are_those_the_copying_way_gave() {
        let bytes: Vec<u8> = (0..64u32).map(|b| (b * 151 % 251) as u8 + 1).collect();
        for len in 0..bytes.len() {
            assert_eq!(
                of_bytes(&bytes[..len]),
                of_bytes_copying(&bytes[..len]),
                "{len}"
            );
            for head in 1..8.min(len + 1) {
                let (head, rest) = bytes[..len].split_at(head.min(len));
                if !head.is_empty() {
                    assert_eq!(of_two(head, rest), of_bytes(&bytes[..len]), "{len}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_line_in_two_pieces_is_digested_as_whole(head in proptest::collection::vec(proptest::num::u8::ANY, 1..8), rest in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            let whole: Vec<u8> = head.iter().chain(&rest).copied().collect();
            proptest::prop_assert_eq!(of_two(&head, &rest), of_bytes_copying(&whole));
        }

        #[test]
        fn a_file_digest_changes_with_any_one_byte(bytes in proptest::collection::vec(proptest::num::u8::ANY, 1..200), at in 0usize..200, to in proptest::num::u8::ANY) {
            let at = at % bytes.len();
            proptest::prop_assume!(bytes[at] != to);
            let mut edited = bytes.clone();
            edited[at] = to;
            proptest::prop_assert_ne!(of_bytes(&bytes), of_bytes(&edited));
        }
    }
}
