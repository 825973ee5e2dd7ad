#!/usr/bin/env bash
# External check of the generated Markdown: builds every example engagement in the
# `markdown` flavour into a temporary folder, then runs markdownlint-cli2 (with the
# repository's .markdownlint-cli2.yaml) and `mkdocs build --strict` over it. Installs both
# tools from their registries when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v markdownlint-cli2 > /dev/null; then
  npm install --global --no-audit --no-fund markdownlint-cli2
  PATH="$(npm prefix --global)/bin:$PATH"
fi
if ! python3 -m mkdocs --version > /dev/null 2>&1; then
  python3 -m pip install --quiet mkdocs
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

cat > "$work/mkdocs.yml" <<'YAML'
site_name: charter examples
docs_dir: docs
site_dir: site
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
YAML
python3 -m mkdocs build --strict --quiet --config-file "$work/mkdocs.yml"
echo "examples: markdownlint and mkdocs --strict passed (${#examples[@]} engagements)"
