# Shared by the benchmarks (sourced, with $here set to the project root).

# bench_prepare DEFAULT_JAVA_OPTS TOOL...: checks the tools (and /usr/bin/time), builds the jar if it is
# stale, and sets java_opts, runs and lb (the launcher as operators run it, class-data archive included).
bench_prepare() {
  java_opts="${JAVA_OPTS:-$1}"
  shift
  runs="${RUNS:-3}"
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null || { echo "$t is required" >&2; exit 1; }
  done
  [[ -x /usr/bin/time ]] || { echo "/usr/bin/time (Debian package 'time') is required" >&2; exit 1; }
  (cd "$here" && ./lifeboat --version >/dev/null)
  lb=(env LIFEBOAT_JAVA_OPTS="$java_opts" "$here/lifeboat")
}

# bench_dataset DIR: the reference dataset in DIR (made when missing; SCALE=0.1 for a quick one); sets
# data and bytes.
bench_dataset() {
  data="$1"
  if [[ ! -d "$data" ]]; then
    echo "making the reference dataset in $data (SCALE=${SCALE:-1}) ..."
    "$here/../shared/bench/make-dataset.sh" "$data"
  fi
  bytes=$(du -sb --apparent-size "$data" | cut -f1)
}

# bench_machine: one line on the state of this (shared, virtual) machine, printed before and after the
# runs: the load average, and how long touching 256 MiB of fresh memory takes. On the project's VM that
# went from 0.16 to 0.9 s within an hour, and every figure of a run moves with it (Lifeboat's, whose JVM
# touches 130-330 MiB of its own, more than zstd's or tar's).
bench_machine() {
  local touch
  touch=$(python3 -c 'import mmap, time
n = 256 << 20; t = time.time(); m = mmap.mmap(-1, n)
for i in range(0, n, 4096): m[i] = 1
print("%.2f" % (time.time() - t))')
  echo "machine: load $(uptime | sed 's/.*load average: //'); 256 MiB of fresh memory touched in $touch s"
}
