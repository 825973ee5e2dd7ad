//! [`ShownText`]: a text as a page shows it, shared by every view that shows it. In: a
//! text the binary holds, or one made for the page; out: the text, compared, printed and
//! serialized as the characters it holds.

use std::sync::Arc;

/// A text as a page shows it, which every view that shows it shares: a text the binary
/// holds as it is shown, or a shared copy of one made for the page. Two are equal when
/// their texts are, wherever each is kept.
#[derive(Clone, Debug)]
pub enum ShownText {
    /// A text the binary holds (a built-in pack's), shown as it is.
    Held(&'static str),
    /// A text made to be shown, shared.
    Made(Arc<str>),
}

#[cfg(test)]
impl ShownText {
    /// Whether both are the same text in memory, not only the same characters.
    pub fn same(&self, other: &ShownText) -> bool {
        std::ptr::eq(self.as_ptr(), other.as_ptr()) && self.len() == other.len()
    }
}

impl std::ops::Deref for ShownText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            ShownText::Held(text) => text,
            ShownText::Made(text) => text,
        }
    }
}

impl PartialEq for ShownText {
    fn eq(&self, other: &ShownText) -> bool {
        **self == **other
    }
}

impl Eq for ShownText {}

impl AsRef<str> for ShownText {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::fmt::Display for ShownText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl serde::Serialize for ShownText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl From<String> for ShownText {
    fn from(text: String) -> ShownText {
        ShownText::Made(text.into())
    }
}

impl From<Arc<str>> for ShownText {
    fn from(text: Arc<str>) -> ShownText {
        ShownText::Made(text)
    }
}

impl From<&str> for ShownText {
    fn from(text: &str) -> ShownText {
        ShownText::Made(text.into())
    }
}

/// A pack's text as it is: held, not copied, when the binary holds it.
impl From<&std::borrow::Cow<'static, str>> for ShownText {
    fn from(text: &std::borrow::Cow<'static, str>) -> ShownText {
        match text {
            std::borrow::Cow::Borrowed(held) => ShownText::Held(held),
            std::borrow::Cow::Owned(made) => made.as_str().into(),
        }
    }
}
