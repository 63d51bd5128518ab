#!/usr/bin/env bash
# Starts a throwaway local cluster on loopback: a PostgreSQL server, N silo processes and one API-tier process.
# Everything stops (and the database's files are deleted) when the script exits: Ctrl+C, kill, or an error.
#
#   deploy/local-cluster.sh [--silos N] [--no-api] [--no-build] [--keep-data]
#
# Silo i (1-based) serves HTTP on 127.0.0.1:(5080+i), silo-to-silo and client calls on 127.0.0.1:(11110+i);
# the API tier serves HTTP on 127.0.0.1:5090. Logs go to the run folder printed at start.
set -euo pipefail

silos=3; api=1; build=1; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) silos="$2"; shift 2 ;;
    --no-api) api=0; shift ;;
    --no-build) build=0; shift ;;
    --keep-data) keep=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$silos" in ''|*[!0-9]*) echo "--silos needs a number" >&2; exit 2 ;; esac
if [ "$silos" -lt 1 ] || [ "$silos" -gt 9 ]; then echo "--silos must be between 1 and 9" >&2; exit 2; fi

root="$(cd "$(dirname "$0")/.." && pwd)"
run="$(mktemp -d /tmp/ordergrains-cluster.XXXXXX)"
chmod 755 "$run"
pids=()

pg_bin=""
if command -v pg_ctl >/dev/null 2>&1; then pg_bin="$(dirname "$(command -v pg_ctl)")";
else pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"; fi
[ -x "$pg_bin/pg_ctl" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

# As root, PostgreSQL refuses to run: run its tools as the postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cleanup() {
  trap - EXIT INT TERM
  echo "stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$run/pg" -m fast -w stop >/dev/null 2>&1 || true
  if [ "$keep" = 1 ]; then echo "kept $run"; else rm -rf "$run"; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

if [ "$build" = 1 ]; then
  echo "building (Release)..."
  dotnet build "$root/silo/OrderGrains.Silo.csproj" -c Release -nologo -clp:ErrorsOnly -v q
  dotnet build "$root/client-api/Host/OrderGrains.ClientApi.Host.csproj" -c Release -nologo -clp:ErrorsOnly -v q
fi
silo_dll="$root/silo/bin/Release/net10.0/OrderGrains.Silo.dll"
api_dll="$root/client-api/Host/bin/Release/net10.0/OrderGrains.ClientApi.Host.dll"
[ -f "$silo_dll" ] || { echo "$silo_dll is missing: run without --no-build" >&2; exit 1; }

pg_port="$(free_port)"
mkdir -p "$run/pg"
if [ "$(id -u)" = 0 ]; then chown postgres "$run/pg"; fi
as_pg "$pg_bin/initdb" -D "$run/pg" -U postgres -A trust >"$run/initdb.log"
as_pg "$pg_bin/pg_ctl" -D "$run/pg" -l "$run/pg/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$run/pg -c max_connections=300" start >/dev/null
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Maximum Pool Size=60"
echo "PostgreSQL on 127.0.0.1:$pg_port ($run/pg)"

# The silos form a database cluster (membership and partition leases in PostgreSQL); the API tier is a cluster client
# that uses the silos as its seed list.
seed_env=()
for i in $(seq 1 "$silos"); do seed_env+=("ORDERGRAINS__CLUSTER__SILOS__$((i - 1))=silo-$i=127.0.0.1:$((11110 + i))"); done

wait_ready() { # url name pid
  for _ in $(seq 1 120); do
    if curl -fs "$1/health/ready" >/dev/null 2>&1; then echo "$2 ready at $1"; return 0; fi
    kill -0 "$3" 2>/dev/null || { echo "$2 exited; see its log in $run" >&2; return 1; }
    sleep 0.5
  done
  echo "$2 not ready after 60 s; see $run" >&2; return 1
}

# Processes run from their output folder so that they find their appsettings.json.
for i in $(seq 1 "$silos"); do
  # Only the first silo loads the demo network; the others find it in the shared database.
  env ORDERGRAINS__STORAGE__PROVIDER=PostgreSql ORDERGRAINS__STORAGE__CONNECTIONSTRING="$connection" \
    ORDERGRAINS__HTTP__URLS="http://127.0.0.1:$((5080 + i))" ORDERGRAINS__CLUSTER__MODE=database \
    ORDERGRAINS__CLUSTER__SILONAME="silo-$i" ORDERGRAINS__CLUSTER__ENDPOINT="127.0.0.1:$((11110 + i))" \
    ORDERGRAINS__DEMODATA="$([ "$i" = 1 ] && echo true || echo false)" DOTNET_GCgen0size=0x4000000 \
    bash -c 'cd "$(dirname "$0")" && exec dotnet "$0"' "$silo_dll" >"$run/silo-$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 1 "$silos"); do wait_ready "http://127.0.0.1:$((5080 + i))" "silo-$i" "${pids[$((i - 1))]}"; done

if [ "$api" = 1 ]; then
  env "${seed_env[@]}" ORDERGRAINS__HTTP__URLS="http://127.0.0.1:5090" ORDERGRAINS__API__AUTH__SIGNINGKEY=development \
    bash -c 'cd "$(dirname "$0")" && exec dotnet "$0"' "$api_dll" >"$run/api.log" 2>&1 &
  pids+=($!)
  wait_ready "http://127.0.0.1:5090" "api" "${pids[-1]}"
fi

echo "cluster up: ${silos} silo(s)$([ "$api" = 1 ] && echo ", API at http://127.0.0.1:5090/api/v1"). Logs: $run. Ctrl+C stops everything."
# A process that dies (or is killed to try failover) is reported; the rest keep running until Ctrl+C or until none is left.
live=("${pids[@]}")
while [ ${#live[@]} -gt 0 ]; do
  wait -n "${live[@]}" || true
  still=()
  for pid in "${live[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then still+=("$pid"); else echo "process $pid exited; see the logs in $run" >&2; fi
  done
  live=("${still[@]}")
done
exit 1
