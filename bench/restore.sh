#!/usr/bin/env bash
# Restore speed: a full `lifeboat restore files` vs `zstd -d -c data.tar.zst | tar -xf -` of the same
# stored object, and the restore of one ~1 MiB file (`--include PATH`) vs `zstd -d | tar -x PATH`.
# Backs the dataset up once to a file target, then times RUNS runs of each; prints medians.
#
# Usage: bench/restore.sh [DATA_DIR]      (default /tmp/lb-data)
#   SCALE=0.1 bench/restore.sh /tmp/lb-small   quick run on a 10% dataset
#   RUNS=3 (default)   JAVA_OPTS="-Xmx512m" (default)   ONE=PATH  the single file (relative to DATA_DIR)
#
# The single file: the dataset's file closest above 0.9 MiB, preferring one of 0.9-1.2 MiB (the
# reference dataset has none: its smallest file above 0.9 MiB is a ~2.1 MB log, which is the size
# restic's figure in the issue is for). JVM start-up is timed separately (`lifeboat --version`).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/bench/lib.sh"
bench_prepare -Xmx512m zstd tar
bench_dataset "${1:-/tmp/lb-data}"
work="$(mktemp -d /tmp/lb-rbench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

one="${ONE:-}"
if [[ -z "$one" ]]; then
  # (|| true: head closing the pipe early is no failure, whatever pipefail thinks)
  one=$(cd "$data" && find . -type f -size +921k -size -1230k -printf '%s %P\n' | sort -n | head -n1 | cut -d' ' -f2- || true)
  [[ -n "$one" ]] || one=$(cd "$data" && find . -type f -size +921k -printf '%s %P\n' | sort -n | head -n1 | cut -d' ' -f2- || true)
fi
one_size=$(stat -c %s "$data/$one")

cat > "$work/lifeboat.yaml" <<YAML
catalog: { url: "jdbc:h2:file:$work/catalog" }
targets:
  bench: { type: file, path: $work/out }
sources:
  - { name: dataset, type: directory, path: $data, schedule: "0 0 3 * * ?", targets: [bench], rpo: 25h }
YAML

echo "backing up $data ($bytes bytes) once ..."
"${lb[@]}" backup run dataset --no-verify --config "$work/lifeboat.yaml" >"$work/backup.log" 2>&1 \
  || { cat "$work/backup.log" >&2; exit 1; }
stored=$(find "$work/out" -type f -name data.tar.zst | head -n1)
backup=$(basename "$(dirname "$stored")")
# the tar member name of the single file, as the archive spells it (with or without ./)
member=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); p=sys.argv[2]
es=m.get("entries",[]); print(next((e["path"] for e in es if e["path"].lstrip("./")==p), p))' \
  "$(dirname "$stored")/manifest.json" "$one" 2>/dev/null || echo "$one")

# measure LABEL -- command...   -> appends "wall cpu rss_kib fetched_bytes restore_s" to $work/LABEL
# Each run restores into a new directory ($into, set by fresh_into) and nothing is deleted until the
# end: on ext4 without a journal (as here) creating files within seconds of deleting 20,000 others
# makes the kernel check every candidate inode's deletion time (recently_deleted), which cost both
# tools 10-20 s of system time per run when the previous run's tree was removed just before.
measure() {
  local label="$1"; shift 2
  mkdir -p "$into"
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" \
    || { cat "$work/stdout" "$work/stderr" >&2; exit 1; }
  read -r wall user sys rss < "$work/time"
  # lifeboat prints "fetched X of Y stored" and "bytes fetched N of M stored"; the pipelines read it all
  local fetched
  fetched=$(sed -n 's/.*bytes fetched \([0-9]*\) of.*/\1/p' "$work/stdout" | head -n1)
  # and "restored ... into DIR in 7.4 s; fetched": the restore itself, without start-up, catalog and planning
  local inner
  inner=$(sed -n 's/^restored .* in \([0-9.]*\) \(m\?s\); fetched.*/\1 \2/p' "$work/stdout" | head -n1 \
    | awk '{ if (NF < 2) print -1; else if ($2 == "ms") print $1 / 1000; else print $1 }')
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $rss ${fetched:--1} ${inner:--1}" >> "$work/$label"
  [[ "$label" != lb-* ]] || cp "$work/stdout" "$work/$label.out"
}

echo "dataset: $data, $bytes bytes; backup $backup, stored $(stat -c %s "$stored") bytes; single file: $one ($one_size bytes)"
echo "$runs runs each; lifeboat with $java_opts; $(nproc) cores"
bench_machine
n=0
fresh_into() { n=$((n + 1)); into="$work/into.$n"; }
fresh_into
for i in $(seq 1 "$runs"); do
  measure jvm -- "${lb[@]}" --version
  fresh_into; measure pipe-full -- bash -c "zstd -q -d -c '$stored' | tar -xf - -C '$into'"
  fresh_into; measure lb-full -- "${lb[@]}" restore files --backup "$backup" --into "$into" --config "$work/lifeboat.yaml"
  cmp -s "$data/$one" "$into/$one" || { echo "full restore: $one differs from the source" >&2; exit 1; }
  fresh_into; measure pipe-one -- bash -c "zstd -q -d -c '$stored' | tar -xf - -C '$into' '$member'"
  fresh_into; measure lb-one -- "${lb[@]}" restore files --backup "$backup" --include "$one" --into "$into" --config "$work/lifeboat.yaml"
  cmp -s "$data/$one" "$into/$one" || { echo "single-file restore: $one differs from the source" >&2; exit 1; }
done
bench_machine

python3 - "$work" "$bytes" "$one_size" <<'PY'
import statistics, sys
work, size, one = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def load(label):
    rows = [list(map(float, l.split())) for l in open(f"{work}/{label}")]
    return [statistics.median(c) for c in zip(*rows)], [r[0] for r in rows]
res = {k: load(k) for k in ("jvm", "pipe-full", "lb-full", "pipe-one", "lb-one")}
print(f"{'':34}{'wall s':>9}{'MB/s':>9}{'CPU s':>9}{'peak RSS':>11}{'fetched MB':>12}{'restore s':>11}   runs (wall s)")
for name, label, n in (("pipe-full", "zstd -d | tar -x (all)", size), ("lb-full", "lifeboat restore files (all)", size),
                       ("pipe-one", "zstd -d | tar -x FILE", one), ("lb-one", "lifeboat restore --include FILE", one),
                       ("jvm", "JVM start (lifeboat --version)", 0)):
    (wall, cpu, rss, fetched, inner), walls = res[name]
    f = f"{fetched/1e6:12.1f}" if fetched >= 0 else f"{'-':>12}"
    r = f"{inner:11.2f}" if inner >= 0 else f"{'-':>11}"
    print(f"{label:34}{wall:9.2f}{(n/wall/1e6 if n else 0):9.0f}{cpu:9.2f}{rss/1024:8.0f} MiB{f}{r}   "
          + " ".join(f"{w:.2f}" for w in walls))
pw = res["pipe-full"][0][0]; lw = res["lb-full"][0][0]; jw = res["jvm"][0][0]; li = res["lb-full"][0][4]
ow, _, _, of, oi = res["lb-one"][0]
paired = [p / l for p, l in zip(res["pipe-full"][1], res["lb-full"][1])]  # back to back, same phase of the machine
print(f"\nfull restore throughput lifeboat / pipeline: {pw/lw:.2f}x (goal >= 0.80); "
      f"without JVM start-up: {pw/max(lw-jw, 1e-3):.2f}x; the restore itself (CLI's own duration): {pw/max(li, 1e-3):.2f}x")
print(f"  run by run: {' '.join(f'{x:.2f}x' for x in paired)}, median {statistics.median(paired):.2f}x")
print(f"single file: {ow:.2f} s (goal < 1 s; {ow-jw:.2f} s without JVM start-up, {oi:.2f} s the restore itself), "
      f"fetched {of/2**20:.1f} MiB (goal < 16 MiB); pipeline {res['pipe-one'][0][0]:.2f} s")
PY
