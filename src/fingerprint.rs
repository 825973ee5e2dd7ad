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

impl Fnv {
    /// Adds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
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

/// The digest of one text, length-prefixed (a pack's text, an engagement file's).
pub fn of_text(text: &str) -> u64 {
    let mut hash = Fnv::default();
    hash.write_str(text);
    hash.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
