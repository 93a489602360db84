#!/usr/bin/env bash
# Backup throughput: `lifeboat backup run` to a file target vs `tar -cf - DIR | zstd -3 -T0 > FILE`,
# on the reference dataset, side by side in one run. Prints medians of RUNS runs.
#
# Usage: bench/backup-throughput.sh [DATA_DIR]      (default /tmp/lb-data)
#   SCALE=0.1 bench/backup-throughput.sh /tmp/lb-small   quick run on a 10% dataset
#   RUNS=3 (default)   JAVA_OPTS="-Xmx256m" (default)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/bench/lib.sh"
bench_prepare -Xmx256m zstd tar
bench_dataset "${1:-/tmp/lb-data}"
work="$(mktemp -d /tmp/lb-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

cat > "$work/lifeboat.yaml" <<YAML
catalog: { url: "jdbc:h2:file:$work/catalog" }
targets:
  bench: { type: file, path: $work/out }
sources:
  - { name: dataset, type: directory, path: $data, schedule: "0 0 3 * * ?", targets: [bench], rpo: 25h }
YAML

# measure LABEL OUTFILE-GLOB -- command...   -> appends "wall cpu rss_kib stored" to $work/LABEL
measure() {
  local label="$1" out="$2"; shift 3
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  read -r wall user sys rss < "$work/time"
  local stored; stored=$(find $out -type f -name '*.zst' -printf '%s\n' 2>/dev/null | awk '{s+=$1} END {print s+0}')
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $rss $stored" >> "$work/$label"
}

echo "dataset: $data, $bytes bytes; $runs runs each; lifeboat with $java_opts; $(nproc) cores"
bench_machine
for i in $(seq 1 "$runs"); do
  rm -f "$work/pipe.tar.zst"
  measure pipeline "$work/pipe.tar.zst" -- bash -c "tar -cf - -C '$data' . | zstd -q -3 -T0 > '$work/pipe.tar.zst'"
  rm -rf "$work/out" "$work"/catalog*
  measure lifeboat "$work/out" -- "${lb[@]}" backup run dataset --no-verify --config "$work/lifeboat.yaml"
done
bench_machine

python3 - "$work" "$bytes" <<'PY'
import statistics, sys
work, size = sys.argv[1], int(sys.argv[2])
def load(label):
    rows = [list(map(float, l.split())) for l in open(f"{work}/{label}")]
    return [statistics.median(c) for c in zip(*rows)], [r[0] for r in rows]
res = {k: load(k) for k in ("pipeline", "lifeboat")}
print(f"{'':28}{'wall s':>9}{'MB/s':>9}{'CPU s':>9}{'peak RSS':>11}{'stored MB':>11}{'ratio':>8}   runs (wall s)")
for name, label in (("pipeline", "tar | zstd -3 -T0"), ("lifeboat", "lifeboat backup run")):
    (wall, cpu, rss, stored), walls = res[name]
    print(f"{label:28}{wall:9.2f}{size/wall/1e6:9.0f}{cpu:9.2f}{rss/1024:8.0f} MiB{stored/1e6:11.1f}{size/stored:8.2f}   "
          + " ".join(f"{w:.2f}" for w in walls))
(pw, _, _, ps), _ = res["pipeline"]
(lw, _, lrss, ls), _ = res["lifeboat"]
print(f"\nthroughput lifeboat / pipeline: {pw/lw:.2f}x (goal >= 0.80)")
print(f"compression ratio lifeboat / pipeline: {(size/ls)/(size/ps):.3f} (goal within 10%)")
print(f"lifeboat peak RSS: {lrss/1024:.0f} MiB (goal < 400 MiB)")
PY
