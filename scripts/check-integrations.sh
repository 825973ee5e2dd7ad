#!/usr/bin/env bash
# charter against the tools its users run, each installed from its registry when missing:
#   1. `charter init` then `charter build` and `charter build --check` in the new
#      workspace, with no edit; then markdownlint-cli2 with the configuration it wrote,
#      `mkdocs build --strict` with the mkdocs.yml it wrote, and scripts/check-site.py
#      (checkboxes, RACI table, navigation);
#   2. the SARIF of a flawed engagement through Microsoft's SARIF Multitool with the SARIF
#      and GitHub rules (npm: @microsoft/sarif-multitool): no error, no warning;
#   3. the OSCAL catalog and assessment results through `trestle validate`
#      (PyPI: compliance-trestle);
#   4. check-jsonschema (PyPI): the workspace's files against charter's schemas, the
#      examples too, and the CI files init writes and action.yml against the GitHub and
#      GitLab schemas it bundles;
#   5. the examples' calendar (`charter status --format ics`) read by the `icalendar`
#      library (PyPI) and checked against `charter status --format json`
#      (scripts/check-calendar.py).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

cargo build --locked --quiet
charter="$repo/${CARGO_TARGET_DIR:-target}/debug/charter"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CHARTER_TODAY=2026-12-03 NO_MKDOCS_2_WARNING=1

# 1. A new workspace builds, checks and renders as a site with checkboxes.
if ! python3 -c 'import mkdocs, material, pymdownx' > /dev/null 2>&1; then
  python3 -m pip install --quiet mkdocs mkdocs-material
fi
if ! command -v markdownlint-cli2 > /dev/null; then
  npm install --global --no-audit --no-fund markdownlint-cli2
  PATH="$PATH:$(npm prefix --global)/bin"
fi
(
  cd "$work"
  "$charter" init demo
  cd demo
  "$charter" build --quiet
  "$charter" build --check
  "$charter" validate --deny-warnings
  markdownlint-cli2
  python3 -m mkdocs build --strict --quiet
  python3 "$repo/scripts/check-site.py" docs site
)

# 2. SARIF passes the Multitool's SARIF and GitHub rules (warnings and errors).
if [ ! -x "$work/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
  npm install --prefix "$work/npm" --no-audit --no-fund --silent @microsoft/sarif-multitool > /dev/null
  chmod u+x "$work/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
fi
multitool="$work/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
"$charter" review tests/fixtures/review/flawed/engagement.yaml --format sarif \
  > "$work/review.sarif" 2> /dev/null
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$multitool" validate --rule-kind 'Sarif;Gh' \
  --level 'Error;Warning' --output "$work/validation.sarif" "$work/review.sarif" > /dev/null
python3 - "$work/validation.sarif" <<'PY'
import json, sys
results = [r for run in json.load(open(sys.argv[1]))["runs"] for r in run.get("results", [])]
for r in results:
    print("sarif-multitool:", r["ruleId"], r.get("level", "warning"), r["message"].get("arguments"))
sys.exit(1 if results else 0)
PY
echo "sarif: the Multitool's SARIF and GitHub rules pass"

# 3. OSCAL documents pass trestle's validation.
if ! command -v trestle > /dev/null; then
  python3 -m pip install --quiet compliance-trestle
fi
(
  cd "$work"
  mkdir oscal && cd oscal && trestle init > /dev/null
  mkdir -p catalogs/charter assessment-results/demo
  (cd "$work/demo" && "$charter" export oscal) > catalogs/charter/catalog.json
  (cd "$work/demo" && "$charter" export oscal engagements/example.yaml) \
    > assessment-results/demo/assessment-results.json
  trestle validate -f catalogs/charter/catalog.json
  trestle validate -f assessment-results/demo/assessment-results.json
)
# 4. Schemas, for editors and for CI files.
if ! command -v check-jsonschema > /dev/null; then
  python3 -m pip install --quiet check-jsonschema
fi
demo="$work/demo"
check-jsonschema --schemafile "$demo/schemas/engagement.schema.json" \
  "$demo"/engagements/*.yaml examples/*.yaml
check-jsonschema --schemafile "$demo/schemas/pack.schema.json" \
  "$demo"/policies/*.yaml examples/policies/*.yaml policies/*.yaml
check-jsonschema --builtin-schema vendor.github-workflows "$demo/.github/workflows/charter.yml"
check-jsonschema --builtin-schema vendor.gitlab-ci "$demo/.gitlab-ci.yml"
check-jsonschema --builtin-schema vendor.github-actions action.yml

# 5. The examples' calendar parses with a real iCalendar library and matches the items.
if ! python3 -c 'import icalendar' > /dev/null 2>&1; then
  python3 -m pip install --quiet icalendar
fi
mapfile -t examples < <(find examples -maxdepth 1 -name '*.yaml' | sort)
"$charter" build "${examples[@]}" --out "$work/examples-wiki" --quiet
"$charter" status "$work/examples-wiki" --format ics > "$work/examples.ics"
"$charter" status "$work/examples-wiki" --format json > "$work/examples.json"
python3 scripts/check-calendar.py "$work/examples.ics" "$work/examples.json"

echo "integrations: init, mkdocs, SARIF Multitool, trestle, check-jsonschema and icalendar passed"
