#!/usr/bin/env bash
# Prints the import cycles of the crate, between files and between top-level modules
# (the pipeline's stages), and fails if there is one. Dependencies must run one way:
# input -> pack -> policy -> review -> render -> wiki -> status -> project -> cmd.
#
# Imports are read from `use crate::...` lines and `crate::a::b` paths in the code (tests
# under `#[cfg(test)]` and comments are left out); `super::` paths count as imports of the parent.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 - "$@" <<'PY'
import pathlib, re, sys

SRC = pathlib.Path("src")


def module_of(path):
    """src/a/b.rs -> ['a', 'b']; src/a/mod.rs -> ['a']; src/lib.rs -> []"""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


files = {}
for path in sorted(SRC.rglob("*.rs")):
    module = tuple(module_of(path))
    text = path.read_text()
    cut = text.find("#[cfg(test)]")
    code = text if cut < 0 else text[:cut]
    # Comments (doc links included) are not imports.
    files[module] = re.sub(r"//[^\n]*", "", code)
modules = set(files)


def resolve(words):
    """The longest known module that is a prefix of `words`."""
    for n in range(len(words), 0, -1):
        if tuple(words[:n]) in modules:
            return tuple(words[:n])
    return None


def targets(module, text):
    found = set()
    # `crate::a::b::{c, d}` and `crate::a::b` paths, also inside `use` groups.
    for group in re.finditer(r"crate::((?:[a-z_][a-z0-9_]*::)*)\{([^{}]*)\}", text):
        head = [w for w in group.group(1).split("::") if w]
        for item in group.group(2).split(","):
            words = head + [w for w in item.strip().split("::") if w and w != "self"]
            target = resolve(words)
            if target:
                found.add(target)
    for path in re.finditer(r"crate::((?:[a-z_][a-z0-9_]*)(?:::[a-zA-Z_][a-zA-Z0-9_]*)*)", text):
        target = resolve(path.group(1).split("::"))
        if target:
            found.add(target)
    for path in re.finditer(r"\bsuper::([a-z_][a-z0-9_]*)", text):
        parent = module[:-1]
        target = resolve(list(parent) + [path.group(1)]) or parent
        found.add(target)
    found.discard(module)
    return found


def cycles(graph):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                out.append(sorted(scc))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


file_graph = {m: targets(m, text) for m, text in files.items()}
# A folder's mod.rs re-exporting or naming its children is not a dependency on them.
for m in file_graph:
    file_graph[m] = {t for t in file_graph[m] if t[: len(m)] != m or len(m) == 0}
top_graph = {}
for m, ts in file_graph.items():
    if not m:
        continue
    for t in ts:
        if t and t[0] != m[0]:
            top_graph.setdefault(m[0], set()).add(t[0])


def name(m):
    return "::".join(m) or "crate"


failed = False
for title, graph, show in [
    ("between top-level modules", top_graph, lambda m: m),
    ("between files", file_graph, name),
]:
    found = cycles(graph)
    print(f"import cycles {title}: {len(found)}")
    for scc in found:
        failed = True
        members = set(scc)
        print("  " + " <-> ".join(show(m) for m in scc))
        for m in scc:
            for t in sorted(graph.get(m, ())):
                if t in members:
                    print(f"    {show(m)} -> {show(t)}")
sys.exit(1 if failed else 0)
PY
