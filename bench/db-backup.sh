#!/usr/bin/env bash
# Database backup and restore: `lifeboat backup run` / `lifeboat restore database` next to
# `pg_dump -Fc`, `pg_dump -Fp | zstd -3 -T0` and `pg_restore -j2`, on a pgbench database at scale 50
# whose pgbench_accounts.filler is made random (stock filler is blanks and compresses >100x).
# Prints medians of RUNS runs, side by side. Lifeboat's backup runs twice: as configured by default
# (adaptive zstd level) and at a fixed level 3, the level of the pipeline it is compared with.
#
# Usage: bench/db-backup.sh            env: SCALE=50 RUNS=3 PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
#   The database lb_bench_s<SCALE> is created once and kept for later runs (drop it to rebuild).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/bench/lib.sh"
scale="${SCALE:-50}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db="lb_bench_s$scale"
bench_prepare -Xmx256m pgbench pg_dump pg_restore psql zstd

if ! psql -qAtc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
  echo "creating $db (pgbench scale $scale, random filler) ..."
  createdb "$db"
  pgbench -i -q -s "$scale" "$db" >/dev/null 2>&1
  psql -q -d "$db" -c "update pgbench_accounts set filler = substr(md5(random()::text) || md5(random()::text) || md5(random()::text), 1, 84)" \
       -c "vacuum full analyze pgbench_accounts"
fi
size=$(psql -qAtc "select pg_database_size('$db')")
work="$(mktemp -d /tmp/lb-dbbench.XXXXXX)"
trap 'rm -rf "$work"; dropdb --if-exists lb_bench_restore 2>/dev/null || true' EXIT
cat > "$work/lifeboat.yaml" <<YAML
catalog: { url: "jdbc:h2:file:$work/catalog" }
targets:
  bench: { type: file, path: $work/out }
sources:
  - name: bench-db
    type: postgres
    connection: { host: $PGHOST, port: $PGPORT, database: $db, user: $PGUSER }
    schedule: "0 0 1 * * ?"
    targets: [bench]
    rpo: 25h
  - name: bench-db-level3       # the same database at a fixed zstd level 3, the level of the pipeline
    type: postgres
    connection: { host: $PGHOST, port: $PGPORT, database: $db, user: $PGUSER }
    schedule: "0 0 1 * * ?"
    targets: [bench]
    rpo: 25h
    compression: { level: 3, adaptive: false }
YAML

measure() {  # LABEL -- command...   appends "wall cpu rss_kib" to $work/LABEL
  local label="$1"; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  read -r wall user sys rss < "$work/time"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $rss" >> "$work/$label"
}
fresh_restore_db() { dropdb --if-exists lb_bench_restore; createdb lb_bench_restore; }

echo "database $db: $size bytes (pg_database_size); $runs runs each; $(nproc) cores"
bench_machine
# The catalog is created (schema migrations) once, untimed, as an operator's nightly backup finds it;
# the backups of the runs accumulate in it and in the target.
"${lb[@]}" backup list --config "$work/lifeboat.yaml" >/dev/null
for i in $(seq 1 "$runs"); do
  rm -f "$work/fc.dump" "$work/fp.sql.zst"
  measure pg_dump_Fc -- pg_dump -Fc -f "$work/fc.dump" "$db"
  measure pg_dump_Fp_zstd -- bash -c "pg_dump -Fp '$db' | zstd -q -3 -T0 > '$work/fp.sql.zst'"
  measure lifeboat_backup -- "${lb[@]}" backup run bench-db --no-verify --config "$work/lifeboat.yaml"
  measure lifeboat_backup_l3 -- "${lb[@]}" backup run bench-db-level3 --no-verify --config "$work/lifeboat.yaml"
  # both restore into an existing, empty database (created untimed; lifeboat takes an empty one as it is)
  fresh_restore_db
  measure pg_restore_j2 -- pg_restore -j2 -d lb_bench_restore "$work/fc.dump"
  fresh_restore_db
  measure lifeboat_restore -- "${lb[@]}" restore database --source bench-db \
      --into "postgresql://$PGHOST:$PGPORT/lb_bench_restore" --config "$work/lifeboat.yaml"
done
bench_machine
stored_fc=$(stat -c %s "$work/fc.dump"); stored_fp=$(stat -c %s "$work/fp.sql.zst")
stored_lb=$(find "$work/out/bench-db" -name '*.zst' -printf '%s\n' | awk -v n="$runs" '{s+=$1} END {printf "%d", s/n}')
stored_l3=$(find "$work/out/bench-db-level3" -name '*.zst' -printf '%s\n' | awk -v n="$runs" '{s+=$1} END {printf "%d", s/n}')

python3 - "$work" "$stored_fc" "$stored_fp" "$stored_lb" "$stored_l3" <<'PY'
import statistics, sys
work, fc, fp, lb, l3 = sys.argv[1], *map(int, sys.argv[2:6])
def med(label):
    rows = [list(map(float, l.split())) for l in open(f"{work}/{label}")]
    return [statistics.median(c) for c in zip(*rows)], [r[0] for r in rows]
rows = [("pg_dump -Fc", "pg_dump_Fc", fc), ("pg_dump -Fp | zstd -3 -T0", "pg_dump_Fp_zstd", fp),
        ("lifeboat backup run", "lifeboat_backup", lb), ("  at a fixed level 3", "lifeboat_backup_l3", l3),
        ("pg_restore -j2 (of -Fc)", "pg_restore_j2", None),
        ("lifeboat restore database", "lifeboat_restore", None)]
print(f"{'':30}{'wall s':>9}{'client CPU s':>14}{'peak RSS':>11}{'stored MB':>11}   runs (wall s)")
res, runs = {}, {}
for name, label, stored in rows:
    (wall, cpu, rss), walls = med(label)
    res[label], runs[label] = wall, walls
    s = f"{stored/1e6:11.1f}" if stored else f"{'':11}"
    print(f"{name:30}{wall:9.2f}{cpu:14.2f}{rss/1024:7.0f} MiB{s}   " + " ".join(f"{w:.2f}" for w in walls))
print(f"\nbackup: pg_dump -Fc / lifeboat = {res['pg_dump_Fc']/res['lifeboat_backup']:.2f}x faster (goal >= 3)")
def paired(a, b):  # each run's tools ran back to back, in the same phase of this noisy machine
    r = [x / y for x, y in zip(runs[a], runs[b])]
    return f"run by run {' '.join(f'{x:.2f}' for x in r)}, median {statistics.median(r):.2f}"
print(f"backup: lifeboat / (pg_dump -Fp | zstd) = {res['lifeboat_backup']/res['pg_dump_Fp_zstd']:.2f} (goal <= 1.2;"
      f" {paired('lifeboat_backup', 'pg_dump_Fp_zstd')})")
print(f"  at a fixed zstd level 3 (compression: {{ adaptive: false }}): {res['lifeboat_backup_l3']/res['pg_dump_Fp_zstd']:.2f}"
      f" ({paired('lifeboat_backup_l3', 'pg_dump_Fp_zstd')})")
print(f"restore: lifeboat / pg_restore -j2 = {res['lifeboat_restore']/res['pg_restore_j2']:.2f} (goal <= 1.15;"
      f" {paired('lifeboat_restore', 'pg_restore_j2')})")
PY
