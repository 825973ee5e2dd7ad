#!/usr/bin/env bash
# External check of the generated Markdown: builds every example engagement in the
# `markdown` flavour into a temporary folder, then runs markdownlint-cli2 (with the
# repository's .markdownlint-cli2.yaml) over it and builds it with MkDocs, using the
# mkdocs.yml and navigation hook `charter init` ships, with `--strict`. Then it asserts
# what a reader sees: every task item of the onboarding checklists is a checkbox, the RACI
# is a table, and the navigation names each engagement by its project, pages in reading
# order. Every Mermaid chart goes through the `mermaid` package's parser. Installs the
# tools from their registries when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v markdownlint-cli2 > /dev/null; then
  npm install --global --no-audit --no-fund markdownlint-cli2
  PATH="$PATH:$(npm prefix --global)/bin"
fi
if ! python3 -c 'import mkdocs, material, pymdownx' > /dev/null 2>&1; then
  python3 -m pip install --quiet mkdocs mkdocs-material
fi

cargo build --locked --quiet
charter="${CARGO_TARGET_DIR:-target}/debug/charter"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mapfile -t examples < <(find examples -maxdepth 1 -name '*.yaml' ! -name charter.yaml | sort)
"$charter" build "${examples[@]}" --out "$work/docs" --flavor markdown --quiet

cp .markdownlint-cli2.yaml "$work/docs/"
(cd "$work/docs" && markdownlint-cli2 "**/*.md")
rm "$work/docs/.markdownlint-cli2.yaml"

cp scaffold/mkdocs.yml scaffold/mkdocs_nav.py "$work/"
NO_MKDOCS_2_WARNING=1 python3 -m mkdocs build --strict --quiet --config-file "$work/mkdocs.yml"
python3 scripts/check-site.py "$work/docs" "$work/site"

# Every timeline through Mermaid's own parser (npm: mermaid, under jsdom).
npm install --prefix "$work/npm" --no-audit --no-fund --silent mermaid jsdom > /dev/null
cp scripts/check-mermaid.mjs "$work/npm/"
mapfile -t pages < <(find "$work/docs" -name '*.md' | sort)
node "$work/npm/check-mermaid.mjs" "${pages[@]}"
echo "examples: markdownlint, mkdocs --strict, Mermaid's parser and the site's checkboxes, tables and navigation passed (${#examples[@]} engagements)"
