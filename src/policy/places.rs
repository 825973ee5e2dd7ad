//! Texts told apart by where they stand: in comes a text (a pack's role name, named again
//! by control after control), out comes what was remembered of the text at the same
//! address and of the same length. A built-in pack holds each of its words once, so the
//! same name is mostly the same place, found without reading the text. The texts asked
//! about must outlive the table (its lifetime says so), so that no other text can stand at
//! a place it remembers.

/// Most places kept in the table; past them, places are kept in a list.
const IN_TABLE: usize = 96;

/// Slots of the table: more than twice as many as it holds (a place's slot is the top
/// bits of its address multiplied by an odd number).
const SLOTS: usize = 1 << 8;

/// A value for each place seen, looked up among a few slots of a small table. The texts
/// asked about outlive it (`'t`): no other text can take a place while it remembers it.
pub struct ByPlace<'t, V> {
    /// The places and their values; a place of address 0 is a free slot (no text stands
    /// at address 0).
    slots: Box<[((usize, usize), V); SLOTS]>,
    /// How many places the table holds.
    held: usize,
    /// The places past the table's, looked through one by one.
    more: Vec<((usize, usize), V)>,
    texts: std::marker::PhantomData<&'t str>,
}

impl<'t, V: Copy + Default> ByPlace<'t, V> {
    pub fn new() -> ByPlace<'t, V> {
        ByPlace {
            slots: Box::new([((0, 0), V::default()); SLOTS]),
            held: 0,
            more: Vec::new(),
            texts: std::marker::PhantomData,
        }
    }

    /// The value of `text`'s place, made by `make` the first time the place is asked.
    pub fn get_or(&mut self, text: &'t str, make: impl FnOnce() -> V) -> V {
        let place = (text.as_ptr() as usize, text.len());
        let mut slot = (place.0 as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56;
        loop {
            let (at, value) = self.slots[slot as usize];
            if at == place {
                return value;
            }
            if at.0 == 0 {
                break;
            }
            slot = (slot + 1) % SLOTS as u64;
        }
        if let Some((_, value)) = self.more.iter().find(|(at, _)| *at == place) {
            return *value;
        }
        let value = make();
        match self.held < IN_TABLE {
            true => {
                self.slots[slot as usize] = (place, value);
                self.held += 1;
            }
            false => self.more.push((place, value)),
        }
        value
    }
}

impl<V: Copy + Default> Default for ByPlace<'_, V> {
    fn default() -> Self {
        ByPlace::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each place keeps its own value, in the table and past it, and a text's beginning,
    /// which stands at the same address, is another place.
    #[test]
    fn each_place_keeps_the_value_made_for_it() {
        let texts: Vec<String> = (0..400).map(|i| format!("role-{}", i % 200)).collect();
        let mut by_place = ByPlace::new();
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(by_place.get_or(text, || i), i);
        }
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(by_place.get_or(text, || usize::MAX), i);
            assert_eq!(by_place.get_or(&text[..4], || 1000 + i), 1000 + i);
        }
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(by_place.get_or(&text[..4], || usize::MAX), 1000 + i);
        }
    }
}
