//! Texts told apart by where they stand: in comes a text (a pack's role name, named again
//! by control after control), out comes what was remembered of the text at the same
//! address and of the same length. A built-in pack holds each of its words once, so the
//! same name is mostly the same place, found without reading the text; a table that
//! doubles as it fills keeps each look-up to a few slots. The texts asked
//! about must outlive the table (its lifetime says so), so that no other text can stand at
//! a place it remembers.

/// Slots of a new table: it doubles whenever it would be more than half full, so a place
/// is found among a few slots however many texts are asked about (a slot is the top bits
/// of the address multiplied by an odd number).
const FIRST_SLOTS: usize = 1 << 7;

/// A value for each place seen, looked up among a few slots of a table. The texts asked
/// about outlive it (`'t`): no other text can take a place while it remembers it.
pub struct ByPlace<'t, V> {
    /// The places and their values, a power of two of them; a place of address 0 is a
    /// free slot (no text stands at address 0).
    slots: Vec<((usize, usize), V)>,
    /// How far a hash is shifted to give a slot: 64 less the bits of a slot's number.
    shift: u32,
    /// How many places the table holds.
    held: usize,
    texts: std::marker::PhantomData<&'t str>,
}

impl<'t, V: Copy + Default> ByPlace<'t, V> {
    pub fn new() -> ByPlace<'t, V> {
        ByPlace {
            slots: vec![((0, 0), V::default()); FIRST_SLOTS],
            shift: 64 - FIRST_SLOTS.trailing_zeros(),
            held: 0,
            texts: std::marker::PhantomData,
        }
    }

    /// The value of `text`'s place, made by `make` the first time the place is asked.
    #[inline]
    pub fn get_or(&mut self, text: &'t str, make: impl FnOnce() -> V) -> V {
        let place = (text.as_ptr() as usize, text.len());
        let slot = self.slot_of(place);
        let (at, value) = self.slots[slot];
        if at == place {
            return value;
        }
        let value = make();
        self.slots[slot] = (place, value);
        self.held += 1;
        if 2 * self.held > self.slots.len() {
            self.grow();
        }
        value
    }

    /// The slot that holds `place`, or the free slot where it goes.
    #[inline]
    fn slot_of(&self, place: (usize, usize)) -> usize {
        let hash = (place.0 as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut slot = (hash >> self.shift) as usize;
        let last = self.slots.len() - 1;
        loop {
            let at = self.slots[slot & last].0;
            if at == place || at.0 == 0 {
                return slot & last;
            }
            slot += 1;
        }
    }

    /// Doubles the table, each place in its slot of the larger one.
    fn grow(&mut self) {
        let free = ((0, 0), V::default());
        let larger = vec![free; 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, larger);
        self.shift -= 1;
        for (place, value) in old.into_iter().filter(|(place, _)| place.0 != 0) {
            let slot = self.slot_of(place);
            self.slots[slot] = (place, value);
        }
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

    /// Each place keeps its own value, as the table grows past its first size, and a text's
    /// beginning,
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
