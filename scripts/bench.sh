#!/usr/bin/env bash
# Benchmark: builds synthetic portfolios of 100, 1,000 and 10,000 engagements with a release
# build of charter and prints, for each, the wall time and peak memory of a full build, an
# unchanged rebuild and a `--check`; then the end-to-end time of one engagement.
#
# Usage: scripts/bench.sh [SIZE...]      (default sizes: 100 1000 10000)
# BENCH_DIR=DIR puts the portfolios in DIR (default: the system temporary folder); use a
# tmpfs such as /dev/shm to leave the disk out of the figures.
# Needs /usr/bin/time (GNU time) for peak memory; without it only times are printed.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000 10000)

cargo build --release --quiet
bin="$(realpath "${CARGO_TARGET_DIR:-target}")/release/charter"
work="$(mktemp -d -p "${BENCH_DIR:-${TMPDIR:-/tmp}}")"
trap 'rm -rf "$work"' EXIT
export CHARTER_TODAY=2026-11-24

models=(freelancer dedicated pod retainer hybrid)
stages=(mvp pilot growth maintenance)
example="$(cat examples/freelancer-mvp.yaml)"

# Writes N engagement files, varied in model, stage and dates, plus charter.yaml.
make_portfolio() {
  local dir="$1" n="$2" i text
  mkdir -p "$dir/engagements"
  cp -r examples/policies "$dir/policies"
  printf 'engagements: engagements\nout: wiki\nflavor: markdown\n' > "$dir/charter.yaml"
  for ((i = 0; i < n; i++)); do
    text="${example/id: acme-payments-mvp/id: e$i-payments}"
    text="${text/model: freelancer/model: ${models[i % 5]}}"
    text="${text/stage: mvp/stage: ${stages[i % 4]}}"
    text="${text/project: Payments API (Flask)/project: Project $i}"
    text="${text/.\/policies\/acme.yaml/..\/policies\/acme.yaml}"
    text="${text/starts: 2026-12-01/starts: 2026-12-$(printf '%02d' $((i % 28 + 1)))}"
    printf '%s\n' "$text" > "$dir/engagements/e$i.yaml"
  done
}

# Runs charter in $dir; prints "seconds peak-MiB".
measure() {
  local dir="$1"; shift
  if [ -x /usr/bin/time ]; then
    (cd "$dir" && /usr/bin/time -f '%e %M' -o "$work/time.txt" "$bin" "$@" > "$work/out.txt" 2>&1) || true
    awk '{ printf "%s %.0f", $1, $2 / 1024 }' "$work/time.txt"
  else
    local start end
    start=$(date +%s.%N)
    (cd "$dir" && "$bin" "$@" > "$work/out.txt" 2>&1) || true
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f ?", e - s }'
  fi
}

printf '%-12s %-16s %9s %9s  %s\n' engagements run seconds peak-MiB result
for n in "${sizes[@]}"; do
  dir="$work/p$n"
  make_portfolio "$dir" "$n"
  for run in "full build" "unchanged" "check"; do
    case "$run" in
      "full build") args=(build --quiet) ;;
      unchanged) args=(build) ;;
      check) args=(build --check --quiet) ;;
    esac
    read -r secs mib <<< "$(measure "$dir" "${args[@]}")"
    result="$(tail -n 1 "$work/out.txt")"
    printf '%-12s %-16s %9s %9s  %s\n' "$n" "$run" "$secs" "$mib" "${result:-ok}"
  done
  rm -rf "$dir"
done

# One engagement end to end, process start included: the mean of 20 runs into fresh folders.
start=$(date +%s%N)
for i in $(seq 20); do
  "$bin" build examples/freelancer-mvp.yaml --out "$work/one$i" --quiet
done
end=$(date +%s%N)
printf '%-12s %-16s %9s\n' 1 "end to end" "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.4f", ns / 20 / 1e9 }')"
