#!/usr/bin/env bash
# Validation cost against load cost on PostgreSQL: provisions ROWS users (the seed's
# examples/data-spec.yaml, dataset users) into $TDM_TEST_POSTGRES_URL, then times
# `data-cli validate` on that execution. Prints {"rows", "provision_s", "load_s", "validate_s",
# "ratio"}: provision_s is the whole provision, which itself validates before it marks the
# execution ready, so load_s = provision_s - validate_s is the load alone and ratio is
# validate_s / load_s. Target: ratio <= 0.25. Usage: bench/validate_pg.sh [ROWS] (default 1000000).
set -euo pipefail
: "${TDM_TEST_POSTGRES_URL:?set it, e.g. eval \"\$(scripts/test-servers start)\"}"
ROWS="${1:-1000000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLI="${DATA_CLI:-$ROOT/build/data-cli}"
WORK="$(mktemp -d)"
trap 'cd "$WORK" && "$CLI" cleanup --all >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
cp "$ROOT"/examples/data-spec.yaml "$ROOT"/examples/schema-validation.yaml "$WORK"/
cd "$WORK"
now() { date +%s.%N; }
t0=$(now)
ID=$("$CLI" provision --target "$TDM_TEST_POSTGRES_URL" --count "$ROWS" --dataset users \
  --no-template --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["execution_id"])')
t1=$(now)
"$CLI" validate --execution-id "$ID" --json >validate.json
t2=$(now)
python3 - "$ROWS" "$t0" "$t1" "$t2" <<'PY'
import json, sys
rows, t0, t1, t2 = int(sys.argv[1]), *map(float, sys.argv[2:])
provision, check = t1 - t0, t2 - t1
load = provision - check
print(json.dumps({"rows": rows, "provision_s": round(provision, 3), "load_s": round(load, 3),
                  "validate_s": round(check, 3), "ratio": round(check / load, 3),
                  "target_ratio": 0.25}))
PY
