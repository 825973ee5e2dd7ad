//! Output held back until a run is known to be clean: pieces of bytes, each tagged with
//! the section of the output it belongs to and the engagement it comes from, kept in
//! memory up to a size and then in an unnamed temporary file, and written out section by
//! section in the order of the engagements' ids.
//!
//! Status prints nothing when a problem is found in any engagement, and prints its
//! engagements sorted by id while they arrive in the order of their files; holding the
//! formatted bytes (not the reports they came from) keeps its memory small.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

/// Bytes held in memory before they move to a temporary file.
const IN_MEMORY: usize = 1 << 20;

/// Pieces of output, by section and engagement.
pub struct Spool {
    store: Store,
    /// Where the bytes written so far end.
    len: u64,
    pieces: Vec<Piece>,
    /// Each engagement's id, by the number pieces carry.
    ids: Vec<String>,
}

/// Where the bytes are.
enum Store {
    Memory(Vec<u8>),
    File(BufWriter<File>),
}

/// One run of bytes of one engagement in one section.
struct Piece {
    section: u8,
    engagement: u32,
    start: u64,
    len: u64,
}

impl Spool {
    /// An empty spool.
    pub fn new() -> Spool {
        Spool {
            store: Store::Memory(Vec::new()),
            len: 0,
            pieces: Vec::new(),
            ids: Vec::new(),
        }
    }

    /// Starts the pieces of the next engagement; returns its number.
    pub fn engagement(&mut self, id: String) -> u32 {
        self.ids.push(id);
        u32::try_from(self.ids.len() - 1).unwrap_or(u32::MAX)
    }

    /// Adds `bytes` to `section` for `engagement`; nothing when they are empty.
    pub fn push(&mut self, section: u8, engagement: u32, bytes: &[u8]) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        if let Store::Memory(held) = &mut self.store
            && held.len() + bytes.len() > IN_MEMORY
        {
            // Without a temporary folder the bytes stay in memory, as they always did.
            if let Ok(file) = tempfile::tempfile() {
                let mut file = BufWriter::with_capacity(1 << 16, file);
                file.write_all(held)?;
                self.store = Store::File(file);
            }
        }
        match &mut self.store {
            Store::Memory(held) => held.extend_from_slice(bytes),
            Store::File(file) => file.write_all(bytes)?,
        }
        self.pieces.push(Piece {
            section,
            engagement,
            start: self.len,
            len: bytes.len() as u64,
        });
        self.len += bytes.len() as u64;
        Ok(())
    }

    /// The engagements' numbers, sorted by id (numbers of the same id in the order they
    /// came in).
    pub fn by_id(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.ids.len())
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .collect();
        order.sort_by(|a, b| self.ids[*a as usize].cmp(&self.ids[*b as usize]));
        order
    }

    /// Each engagement's place when sorted by id, by its number.
    pub fn ranks(&self) -> Vec<u32> {
        let mut ranks = vec![0; self.ids.len()];
        for (rank, n) in self.by_id().into_iter().enumerate() {
            ranks[n as usize] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        ranks
    }

    /// The engagement's id.
    pub fn id(&self, engagement: u32) -> &str {
        &self.ids[engagement as usize]
    }

    /// Sorts the pieces by section, then by engagement id, then in the order they came.
    pub fn sort(&mut self) {
        let ranks = self.ranks();
        // A stable sort keeps an engagement's pieces of one section in their order.
        self.pieces
            .sort_by_key(|p| (p.section, ranks[p.engagement as usize]));
    }

    /// Whether `section` has any bytes.
    pub fn has(&self, section: u8) -> bool {
        self.pieces.iter().any(|p| p.section == section)
    }

    /// Writes the pieces of `section` to `out` in their sorted order (see [`Spool::sort`]),
    /// with `between` between two pieces.
    pub fn write(&mut self, section: u8, between: &[u8], out: &mut dyn Write) -> io::Result<()> {
        if let Store::File(file) = &mut self.store {
            file.flush()?;
        }
        let (held, mut file): (&[u8], Option<&File>) = match &self.store {
            Store::Memory(held) => (held, None),
            Store::File(file) => (&[], Some(file.get_ref())),
        };
        let mut buffer = Vec::new();
        let mut at = None;
        let mut first = true;
        for piece in self.pieces.iter().filter(|p| p.section == section) {
            if !first {
                out.write_all(between)?;
            }
            first = false;
            let start = usize::try_from(piece.start).unwrap_or(usize::MAX);
            let len = usize::try_from(piece.len).unwrap_or(usize::MAX);
            match &mut file {
                None => out.write_all(&held[start..start + len])?,
                Some(file) => {
                    if at != Some(piece.start) {
                        file.seek(SeekFrom::Start(piece.start))?;
                    }
                    buffer.resize(len, 0);
                    file.read_exact(&mut buffer)?;
                    out.write_all(&buffer)?;
                    at = Some(piece.start + piece.len);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_come_out_by_section_then_engagement_id_in_memory_and_in_a_file() {
        for size in [1, IN_MEMORY / 2 + 1] {
            let mut spool = Spool::new();
            let filler = vec![b'.'; size];
            for id in ["b", "c", "a"] {
                let n = spool.engagement(id.to_string());
                spool.push(1, n, format!("{id}1;").as_bytes()).unwrap();
                spool.push(0, n, format!("{id}0;").as_bytes()).unwrap();
                spool.push(0, n, format!("{id}0+;").as_bytes()).unwrap();
                spool.push(2, n, &filler).unwrap();
            }
            assert_eq!(matches!(spool.store, Store::File(_)), size > 1);
            spool.sort();
            let mut out = Vec::new();
            for section in [0, 1] {
                spool.write(section, b"|", &mut out).unwrap();
                out.push(b'\n');
            }
            assert_eq!(
                String::from_utf8(out).unwrap(),
                "a0;|a0+;|b0;|b0+;|c0;|c0+;\na1;|b1;|c1;\n"
            );
            assert!(spool.has(2) && !spool.has(3));
        }
    }
}
