#!/usr/bin/env bash
# Scheduler load: SOURCES tiny directory sources, each scheduled every minute, on one daemon (H2 catalog,
# file target, level-2 verification) for DURATION seconds. Prints the fires expected vs executed (from the
# catalog's backup_attempts: one row per fire), median and p99 lateness (attempt start minus scheduled
# fire time) and the daemon's RSS. Goal: no lost fires, p99 lateness < 2 s, RSS < 300 MiB.
#
# Usage: bench/scheduler.sh [DURATION_SECONDS]      (default 180)
#   SOURCES=200 (default)   JOBS=8: daemon.maxConcurrentJobs (default 8)
#   STAGGER=1 (default): source i fires at second i*60/SOURCES of every minute; STAGGER=0: all at second 0
#   JAVA_OPTS="-Xmx128m -XX:+UseSerialGC" (default: a small daemon; with -Xmx256m and G1 the RSS was 331 MiB)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
duration="${1:-180}"
sources="${SOURCES:-200}"
jobs="${JOBS:-8}"
stagger="${STAGGER:-1}"
java_opts="${JAVA_OPTS:--Xmx128m -XX:+UseSerialGC}"
(cd "$here" && ./lifeboat --version >/dev/null)   # builds the jar if needed
jar="$here/scheduler/target/lifeboat.jar"
work="$(mktemp -d /tmp/lb-bench-sched.XXXXXX)"
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

{
  echo "catalog: { url: \"jdbc:h2:file:$work/catalog\" }"
  echo "targets:"
  echo "  bench: { type: file, path: $work/out }"
  echo "daemon: { http: \"127.0.0.1:0\", maxConcurrentJobs: $jobs, shutdownGrace: 30s }"
  echo "sources:"
  for i in $(seq 0 $((sources - 1))); do
    mkdir -p "$work/data/s$i"
    printf 'source %d\n' "$i" > "$work/data/s$i/a.txt"
    head -c 2048 /dev/urandom > "$work/data/s$i/b.bin"
    second=$(( stagger == 1 ? i * 60 / sources : 0 ))
    echo "  - { name: s$i, type: directory, path: $work/data/s$i, schedule: \"$second * * * * ?\", timezone: UTC, targets: [bench], rpo: 2h }"
  done
} > "$work/lifeboat.yaml"

echo "scheduler bench: $sources sources every minute (stagger=$stagger), maxConcurrentJobs $jobs, ${duration}s, $java_opts, $(nproc) cores"
java $java_opts -jar "$jar" daemon --config "$work/lifeboat.yaml" > "$work/daemon.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  grep -q "daemon started" "$work/daemon.log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/daemon.log" >&2; exit 1; }
  sleep 0.5
done
start=$(date +%s.%N)
peak=0
end=$(echo "$start + $duration" | bc)
while (( $(echo "$(date +%s.%N) < $end" | bc) )); do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  (( rss > peak )) && peak=$rss
  sleep 1
done
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
stop=$(date +%s.%N)
kill -TERM "$pid"
wait "$pid" || true
pid=""

java -cp "$jar" org.h2.tools.Shell -url "jdbc:h2:file:$work/catalog" -user sa -password "" -sql \
  "CALL CSVWRITE('$work/attempts.csv', 'SELECT source, EXTRACT(EPOCH FROM scheduled_for) AS fire, EXTRACT(EPOCH FROM started) AS started, outcome FROM backup_attempts WHERE attempt = 1')" >/dev/null

python3 - "$work/attempts.csv" "$start" "$stop" "$sources" "$stagger" "$peak" "$hwm" "$(grep -c ' ERROR ' "$work/daemon.log" || true)" <<'PY'
import csv, math, statistics, sys
path, start, stop, n, stagger, peak, hwm, errors = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1", int(sys.argv[6]), int(sys.argv[7]), sys.argv[8]
# fires due from 2 s after start-up until 5 s before the stop (a fire right at the stop may not have begun)
lo, hi = start + 2, stop - 5
expected = {}
for i in range(n):
    second = i * 60 // n if stagger else 0
    t = math.floor(lo / 60) * 60 + second
    fires = set()
    while t <= hi:
        if t >= lo:
            fires.add(t)
        t += 60
    expected[f"s{i}"] = fires
rows = list(csv.DictReader(open(path)))
seen, late, failed, dup = {}, [], 0, 0
for r in rows:
    fire = round(float(r["FIRE"]))
    key = (r["SOURCE"], fire)
    if fire in expected.get(r["SOURCE"], ()):
        if key in seen:
            dup += 1
        seen[key] = r
        late.append(float(r["STARTED"]) - float(r["FIRE"]))
        failed += r["OUTCOME"] != "SUCCEEDED"
want = sum(len(f) for f in expected.values())
late.sort()
p = lambda q: late[min(len(late) - 1, int(math.ceil(q * len(late))) - 1)] if late else float("nan")
print(f"window: {hi - lo:.0f} s; fires expected {want}, executed {len(seen)}, lost {want - len(seen)}, ran twice {dup}, failed {failed}")
print(f"lateness (attempt start - fire time): median {statistics.median(late) if late else float('nan'):.3f} s,"
      f" p99 {p(0.99):.3f} s, max {late[-1] if late else float('nan'):.3f} s")
print(f"daemon RSS: peak sampled {peak / 1024:.0f} MiB, VmHWM {hwm / 1024:.0f} MiB; ERROR lines in the log: {errors}")
ok = want == len(seen) and dup == 0 and p(0.99) < 2 and hwm / 1024 < 300
print("goal (no lost fires, p99 < 2 s, RSS < 300 MiB):", "met" if ok else "NOT met")
PY
