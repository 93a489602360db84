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
