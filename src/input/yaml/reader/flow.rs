//! Flow lists and mappings (`[a, b]`, `{k: v}`), on one line or several: each entry's
//! scalars and collections read where reading stands.

use super::Reader;

impl Reader<'_> {
    /// A flow list or mapping, reading at its bracket, inside a block collection indented
    /// `parent`; reading ends past its closing bracket.
    pub(super) fn flow_collection(&mut self, parent: isize) -> Option<()> {
        let is_map = self.byte(self.at) == Some(b'{');
        let close = if is_map { b'}' } else { b']' };
        self.stack.open(is_map, self.at..self.at + 1)?;
        self.at += 1;
        loop {
            self.flow_space(parent)?;
            if self.byte(self.at) == Some(close) {
                break;
            }
            if is_map {
                self.flow_entry(parent)?;
            } else {
                self.flow_value(parent)?;
            }
            self.flow_space(parent)?;
            match self.byte(self.at)? {
                b',' => self.at += 1,
                byte if byte == close => break,
                _ => return None,
            }
        }
        self.at += 1;
        self.close()
    }

    /// A flow mapping's key, its colon and its value (empty: null).
    pub(super) fn flow_entry(&mut self, parent: isize) -> Option<()> {
        let key = match self.byte(self.at)? {
            b'"' | b'\'' => self.quoted()?,
            _ => {
                let end = self.plain_in_flow();
                self.plain_scalar(end)?
            }
        };
        self.scalar(&key)?;
        self.skip_spaces();
        let colon = self.at;
        if self.byte(colon) != Some(b':') || !self.blank_at(colon + 1) {
            return None;
        }
        self.at += 1;
        self.flow_space(parent)?;
        match self.byte(self.at)? {
            b',' | b'}' => self.null(colon),
            _ => self.flow_value(parent),
        }
    }

    /// A value in a flow collection: a flow collection, a quoted or a plain scalar.
    pub(super) fn flow_value(&mut self, parent: isize) -> Option<()> {
        match self.byte(self.at)? {
            b'[' | b'{' => self.flow_collection(parent),
            b'"' | b'\'' => {
                let scalar = self.quoted()?;
                self.scalar(&scalar)
            }
            _ => {
                let end = self.plain_in_flow();
                let scalar = self.plain_scalar(end)?;
                self.scalar(&scalar)
            }
        }
    }

    /// Past spaces, line ends and comments inside a flow collection; `None` at a line whose
    /// content is not indented past `parent`, or at the end of the text.
    pub(super) fn flow_space(&mut self, parent: isize) -> Option<()> {
        loop {
            let before = self.at;
            self.skip_spaces();
            match self.byte(self.at)? {
                b'#' if self.at > before || self.at == 0 || self.bytes[self.at - 1] == b'\n' => {
                    self.skip_to_line_end();
                }
                b'\n' => {
                    self.at += 1;
                    let indent = self.spaces_at(self.at);
                    let content = self.byte(self.at + indent);
                    if content.is_some_and(|b| b != b'\n') && (indent as isize) <= parent.max(0) {
                        return None;
                    }
                }
                _ => return Some(()),
            }
        }
    }
}
