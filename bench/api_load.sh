#!/usr/bin/env bash
# The REST API under load, on PostgreSQL: `data-cli serve --target $TDM_TEST_POSTGRES_URL` on a free
# port with a devops token; one execution provisioned first (?wait=true) for wrk to read, then 50
# provisions fired at once (curl, in the background, each its own ci execution) while wrk reads
# GET /api/v1/test-data/status/<the first execution> alongside: 12 s of 50 connections each
# polling every 20 ms (status_*), then 12 s of 16 connections as fast as they go (saturated_*). Waits for all 50 to be ready, cleans everything up, and prints
# {"provisions": 50, "all_ready": bool, "provision_wall_s", "status_rps", "status_p50_ms",
#  "status_p99_ms"}: provision_wall_s runs from firing the 50 to the last one ready; the status
# figures are wrk's (requests/s, and latency percentiles from its --latency distribution).
# The PostgreSQL test server is used if running, else started here and stopped at the end.
# Usage: bench/api_load.sh [PROVISIONS] (default 50). DATA_CLI overrides the binary.
set -euo pipefail
N="${1:-50}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLI="${DATA_CLI:-$ROOT/build/data-cli}"
WORK="$(mktemp -d)"
PREFIX="apibench_$$"
server_pid=""
stop_servers=false
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  (cd "$WORK" && "$CLI" -q cleanup --all >/dev/null 2>&1) || true
  if [ -n "${TDM_TEST_POSTGRES_URL:-}" ]; then
    for version in $(cat "$WORK/versions" 2>/dev/null); do
      psql -q "${TDM_TEST_POSTGRES_URL%/*}/postgres" -c "DROP DATABASE IF EXISTS tdm_t_$version" \
        >/dev/null 2>&1 || true
    done
  fi
  if $stop_servers; then "$ROOT/scripts/test-servers" stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ -z "${TDM_TEST_POSTGRES_URL:-}" ]; then
  if servers="$("$ROOT/scripts/test-servers" env 2>/dev/null)"; then
    eval "$servers"
  else
    servers="$("$ROOT/scripts/test-servers" start postgres)"
    stop_servers=true
    eval "$servers"
  fi
fi
cp "$ROOT"/examples/*.yaml "$WORK"/
cd "$WORK"
now() { date +%s.%N; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin).get('$1', ''))"; }

TOKEN="$("$CLI" --user bench token create --role devops --json | field token)"
"$CLI" serve --host 127.0.0.1 --port 0 --target "$TDM_TEST_POSTGRES_URL" ${SERVE_ARGS:-} >serve.out 2>serve.err &
server_pid=$!
PORT=""
for _ in $(seq 1 300); do
  PORT="$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\).*|\1|p' serve.out | head -1)"
  [ -n "$PORT" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat serve.err >&2; exit 1; }
  sleep 0.1
done
[ -n "$PORT" ] || { echo "api_load: the server did not start" >&2; cat serve.err >&2; exit 1; }
API="http://127.0.0.1:$PORT/api/v1"
AUTH="Authorization: Bearer $TOKEN"

post() {  # post PATH BODY: prints the response body, fails unless 2xx
  curl -sS --fail-with-body -X POST "$API$1" -H "$AUTH" -H "Content-Type: application/json" -d "$2"
}

post "/test-data/provision?wait=true" \
  "{\"environment\": \"ci\", \"execution_id\": \"${PREFIX}_read\"}" >/dev/null

t0=$(now)
for i in $(seq 1 "$N"); do
  post /test-data/provision "{\"environment\": \"ci\", \"execution_id\": \"${PREFIX}_$i\", \
\"seed\": $((1000 + i))}" >"accepted.$i" 2>&1 &
done
# Two loads, one after the other, both while the provisions run: 50 pollers (one per CI job),
# each asking every 20 ms, and then 16 connections asking as fast as they can (saturation).
cat >poll.lua <<'LUA'
function delay() return 20 end
LUA
(wrk -t2 -c50 -d12s --latency -s poll.lua -H "$AUTH" "$API/test-data/status/${PREFIX}_read" \
   >wrk.out 2>&1
 wrk -t2 -c16 -d12s --latency -H "$AUTH" "$API/test-data/status/${PREFIX}_read" \
   >wrk-saturated.out 2>&1) &
wrk_pid=$!
wait_failed=0
for pid in $(jobs -p); do
  if [ "$pid" != "$wrk_pid" ] && [ "$pid" != "$server_pid" ]; then
    wait "$pid" || wait_failed=1
  fi
done
[ "$wait_failed" -eq 0 ] || { echo "api_load: a provision was refused:" >&2; cat accepted.* >&2; }

# One listing per poll (not a request and a python per execution, which would eat the CPU the
# measurement is about): prints how many are still provisioning, and any that failed.
all_ready=true
pending="$N"
deadline=$(($(date +%s) + 600))
while [ "$pending" != 0 ] && [ "$(date +%s)" -lt "$deadline" ]; do
  sleep 0.5
  pending="$(curl -sS "$API/executions?environment=ci" -H "$AUTH" | python3 -c '
import json, sys
prefix = sys.argv[1]
mine = [e for e in json.load(sys.stdin)["executions"]
        if e["execution_id"].startswith(prefix) and not e["execution_id"].endswith("_read")]
for e in mine:
    if e["status"] not in ("ready", "provisioning"):
        sys.stderr.write("api_load: %s is %s: %s\n" % (e["execution_id"], e["status"], e.get("error", "")))
print(sum(e["status"] == "provisioning" for e in mine) if mine else -1)
' "${PREFIX}_" 2>>failures)"
done
t1=$(now)
if [ "$pending" != 0 ] || [ -s failures ]; then
  all_ready=false
  cat failures >&2 2>/dev/null || true
fi
wait "$wrk_pid" || true

"$CLI" executions --json |
  python3 -c 'import json,sys; print("\n".join({e["dataset_version"] for e in json.load(sys.stdin)}))' \
    >versions
for i in $(seq 1 "$N") read; do
  post "/cleanup/${PREFIX}_$i" "" >/dev/null || true
done

python3 - "$N" "$all_ready" "$t0" "$t1" wrk.out wrk-saturated.out <<'PY'
import json, re, sys
n, all_ready, t0, t1, polled, saturated = sys.argv[1:]
def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
def figures(path):
    text = open(path).read()
    def percentile(p):
        m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % p, text, re.M)
        return round(ms(*m.groups()), 3) if m else None
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    if rps is None:
        sys.stderr.write("api_load: no wrk figures in %s:\n%s" % (path, text))
    return (round(float(rps.group(1)), 1) if rps else None, percentile(50), percentile(99))
rps, p50, p99 = figures(polled)
sat_rps, sat_p50, sat_p99 = figures(saturated)
print(json.dumps({"provisions": int(n), "all_ready": all_ready == "true",
                  "provision_wall_s": round(float(t1) - float(t0), 3),
                  "status_rps": rps, "status_p50_ms": p50, "status_p99_ms": p99,
                  "saturated_status_rps": sat_rps, "saturated_status_p50_ms": sat_p50,
                  "saturated_status_p99_ms": sat_p99}))
PY
