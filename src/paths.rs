//! Paths as reports show them: relative to a root (the workspace's folder, the
//! repository's), with forward slashes, never the machine's absolute path when the file is
//! under the root.

use std::path::{Path, PathBuf};

/// The current folder, absolute (empty when it cannot be read). Read once per run:
/// charter never changes its current folder, and a portfolio's build asks for it for
/// every engagement.
pub fn current_dir() -> PathBuf {
    static CURRENT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    CURRENT
        .get_or_init(|| std::env::current_dir().unwrap_or_default())
        .clone()
}

/// `path` made absolute against the current folder, with `.` and `..` resolved lexically.
pub fn absolute(path: &Path) -> PathBuf {
    crate::fs::normalize(&current_dir().join(path))
}

/// `name` (a path as given on the command line or in a file, relative to the current
/// folder) relative to `root`, with forward slashes; `None` when it is not under `root`.
pub fn under(name: &str, root: &Path) -> Option<String> {
    let file = absolute(Path::new(name));
    let rest = file.strip_prefix(root).ok()?;
    let text = rest.to_string_lossy().replace('\\', "/");
    (!text.is_empty()).then_some(text)
}

/// `name` relative to `root` when it is under it, else as given. Built-in sources
/// (`builtin:core`) are kept as they are.
pub fn shown(name: &str, root: &Path) -> String {
    if name.contains(':') && !Path::new(name).is_absolute() {
        return name.to_string();
    }
    under(name, root).unwrap_or_else(|| name.to_string())
}

/// The nearest folder at or above `dir` holding `.git`, else `dir`.
pub fn repository_root(dir: &Path) -> PathBuf {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(dir)
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_under_the_root_lose_it() {
        let root = absolute(Path::new("ws"));
        assert_eq!(shown("ws/engagements/a.yaml", &root), "engagements/a.yaml");
        assert_eq!(shown("ws/./x/../a.yaml", &root), "a.yaml");
        assert_eq!(shown("builtin:core", &root), "builtin:core");
        assert_eq!(shown("../elsewhere.yaml", &root), "../elsewhere.yaml");
    }
}
