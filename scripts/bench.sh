#!/usr/bin/env bash
# Benchmark: synthetic portfolios of 100, 1,000 and 10,000 engagements, each figure next
# to a peer measured in the same run, and the ratio (docs/performance.md). Ratios, not
# times, are the targets:
#   full build      charter build into an empty folder  vs  a plain C writer of the same bytes
#                                                        and a Jinja2 + PyYAML script that
#                                                        renders the same documents
#   unchanged       charter build over a current wiki    vs  reading every file of the wiki once
#   check           charter build --check                vs  reading every file of the wiki once
#   status          charter status                       vs  charter build --check
#   one engagement  charter build of one example          vs  charter --version
# Each figure is the median of RUNS runs (default 3) of CPU seconds (user + system), with
# wall seconds and peak memory beside it; one engagement's figures are loops of runs in
# pairs, its ratio the median of the pairs' ratios (below).
#
# Usage: scripts/bench.sh [SIZE...]      (default sizes: 100 1000 10000)
# BENCH_DIR=DIR puts the portfolios in DIR (default: the system temporary folder); use a
# tmpfs such as /dev/shm to leave the disk out. Needs gcc, GNU time (/usr/bin/time) and
# python3 with pip (jinja2 and pyyaml are installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000 10000)
runs="${RUNS:-3}"

cargo build --release --quiet
bin="$(realpath "${CARGO_TARGET_DIR:-target}")/release/charter"
work="$(mktemp -d -p "${BENCH_DIR:-${TMPDIR:-/tmp}}")"
trap 'rm -rf "$work"' EXIT
export CHARTER_TODAY=2026-11-24
gcc -O2 -o "$work/plain-writer" scripts/bench/plain-writer.c
python3 -c 'import jinja2, yaml' 2> /dev/null || python3 -m pip install --quiet jinja2 pyyaml
script="$(realpath scripts/bench/jinja-peer.py)"

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

# Runs `prepare; command` RUNS times in $dir (prepare untimed), after WARMUP untimed runs
# (default 0); prints the medians "cpu-seconds wall-seconds peak-MiB".
measure() {
  local dir="$1" prepare="$2"; shift 2
  local i
  for ((i = 0; i < ${WARMUP:-0}; i++)); do
    (cd "$dir" && eval "$prepare" && "$@" > /dev/null 2>&1) || true
  done
  : > "$work/times.txt"
  for ((i = 0; i < runs; i++)); do
    (cd "$dir" && eval "$prepare")
    (cd "$dir" && /usr/bin/time -f '%U %S %e %M' -a -o "$work/times.txt" "$@" > /dev/null 2>&1) || true
  done
  awk '{ cpu[NR] = $1 + $2; wall[NR] = $3; mem[NR] = $4 / 1024 }
       function median(a, n,   i, j, t) {
         for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
         return a[int((n + 1) / 2)]
       }
       END { printf "%.3f %.3f %.0f", median(cpu, NR), median(wall, NR), median(mem, NR) }' "$work/times.txt"
}

row() { # label, charter figures, peer label, peer figures; a ratio under 1 as "Nx less"
  local label="$1" ours="$2" peer="$3" theirs="$4"
  read -r c w m <<< "$ours"
  read -r pc pw pm <<< "$theirs"
  awk -v l="$label" -v c="$c" -v w="$w" -v m="$m" -v p="$peer" -v pc="$pc" -v pw="$pw" \
    'BEGIN { r = (pc > 0 ? c / pc : 0)
             ratio = (r > 0 && r < 1 ? sprintf("%.1fx less", 1 / r) : sprintf("%.1fx", r))
             printf "%-26s %8.3f %8.3f %7.0f   %-24s %8.3f %8.3f   %6s\n", l, c, w, m, p, pc, pw, ratio }'
}

printf '%-26s %8s %8s %7s   %-24s %8s %8s   %7s\n' run cpu-s wall-s MiB peer cpu-s wall-s cpu-ratio
read_once=(sh -c 'find wiki -type f -exec cat {} + > /dev/null')
for n in "${sizes[@]}"; do
  dir="$work/p$n"
  make_portfolio "$dir" "$n"
  # A first run into a fresh tmpfs pays for memory the kernel has not handed out before
  # (the plain writer's first run at 10,000 engagements took twice its next ones): the
  # full build and the writer, the pair the main ratio compares, each get a warm-up run.
  full="$(WARMUP=1 measure "$dir" 'rm -rf wiki' "$bin" build --quiet)"
  (cd "$dir/wiki" && find . -type f -printf '%P\0') | "$work/plain-writer" pack "$dir/wiki" "$work/wiki.pack"
  plain="$(WARMUP=1 measure "$dir" 'rm -rf out' "$work/plain-writer" write "$work/wiki.pack" out)"
  row "$n full build" "$full" "plain writer" "$plain"
  jinja="$(measure "$dir" 'rm -rf out' python3 "$script" . out)"
  row "$n full build" "$full" "Jinja2 + PyYAML script" "$jinja"
  reading="$(measure "$dir" ':' "${read_once[@]}")"
  row "$n unchanged rebuild" "$(measure "$dir" ':' "$bin" build --quiet)" "read the wiki once" "$reading"
  check="$(measure "$dir" ':' "$bin" build --check --quiet)"
  row "$n build --check" "$check" "read the wiki once" "$reading"
  row "$n status" "$(measure "$dir" ':' "$bin" status)" "build --check" "$check"
  rm -rf "$dir" "$work/wiki.pack"
done
# One engagement takes milliseconds, under the resolution of /usr/bin/time: both sides run
# ONE_RUNS times (default 100) in one shell loop, so the figures are for that many runs
# (`--version` takes about 1.5 ms: at 50 runs the clock's 10 ms were a seventh of its
# figure). Each build goes into a new empty folder (`one/$i`), so that the loop times
# charter and nothing else (no `rm`). The machine's speed drifts from one loop to the next
# by more than a few milliseconds a run can show, so the two loops run in turn, ONE_PAIRS
# times (default 15): the figures are the medians of each side, the ratio the median of the
# pairs' ratios.
one_runs="${ONE_RUNS:-100}"
one_pairs="${ONE_PAIRS:-15}"
repeat() { printf 'for i in $(seq %s); do %s; done' "$one_runs" "$1"; }
one_build="$bin build examples/freelancer-mvp.yaml --out $work/one/\$i --quiet"
: > "$work/pairs.txt"
for ((pair = 0; pair < one_pairs; pair++)); do
  one="$(runs=1 measure . "rm -rf $work/one" sh -c "$(repeat "$one_build")")"
  version="$(runs=1 measure . ':' sh -c "$(repeat "$bin --version > /dev/null")")"
  echo "$one $version" >> "$work/pairs.txt"
done
awk -v l="1 engagement x$one_runs" -v p="--version x$one_runs" '
  { one[NR] = $1; wall[NR] = $2; mem[NR] = $3; version[NR] = $4; vwall[NR] = $5
    ratio[NR] = ($4 > 0 ? $1 / $4 : 0) }
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return a[int((n + 1) / 2)]
  }
  END {
    n = NR; r = median(ratio, n)
    printf "%-26s %8.3f %8.3f %7.0f   %-24s %8.3f %8.3f   %6.2fx (median of %d pairs, %.2f-%.2f)\n",
      l, median(one, n), median(wall, n), median(mem, n), p, median(version, n), median(vwall, n),
      r, n, ratio[1], ratio[n]
  }' "$work/pairs.txt"
