#!/usr/bin/env bash
# DPoP (RFC 9449) over HTTP (issue 25): the demo server's token and resource requests with a DPoP
# proof, each beside its bearer peer from the same run, at 8 and 64 keep-alive connections (wrk):
#   client_credentials with a DPoP proof        vs  client_credentials without
#   GET /me, DPoP-bound token + proof (ath)     vs  GET /me with a bearer token
# wrk cannot sign ES256, so before each DPoP row DPoPProofs (proauth2-bench) signs one proof per
# request with one client key (each its own jti, iat now) and dpop.lua sends each proof once,
# split between wrk's threads. The proof window is 60 s, so a row (signing, warm-up, measurement)
# must stay well within it: short rows. A proof sent twice or too late is refused, and the
# non-2xx column shows it; the script also prints how many proofs each thread used.
# No fixed-rate (hey) rows: hey sends the same headers with every request, and each DPoP proof
# can be used once.
#
# Settings (environment): DURATION (seconds measured, default 8), WARMUP (default 3), THREADS (wrk
# threads, default 2), MAX_RATE (the most requests/s a DPoP row can reach, which sizes the proof
# files, default 8000), MVN (default mvn), JAVA (the java that runs the server and the signer,
# default java). Prints a Markdown table and writes it to proauth2-bench/target/http-dpop-results.md.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION="${DURATION:-8}"
WARMUP="${WARMUP:-3}"
THREADS="${THREADS:-2}"
MAX_RATE="${MAX_RATE:-8000}"
JAVA="${JAVA:-java}"
MVN="${MVN:-mvn}"
OUT="$ROOT/proauth2-bench/target/http-dpop-results.md"
LOGS="$(mktemp -d)"
mkdir -p "$(dirname "$OUT")"

for tool in wrk curl python3 java; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done

echo "building the demo jar and the benchmarks jar..." >&2
(cd "$ROOT" && $MVN -q -DskipTests -Dspotless.check.skip=true -P bench -pl proauth2-example,proauth2-bench -am package)
BENCH_JAR="$ROOT/proauth2-bench/target/benchmarks.jar"

# shellcheck source=server.sh
. "$HERE/server.sh"

proofs() { # METHOD HTU COUNT OUT [ACCESS_TOKEN]: signs COUNT proofs with the client's key
  $JAVA -cp "$BENCH_JAR" dev.proauth2.bench.DPoPProofs "$LOGS/client-key.json" "$@"
}

# wrk_once SECONDS CONNECTIONS URL FIRST COUNT OUTPUT: one wrk run with dpop.lua
wrk_once() {
  FIRST="$4" COUNT="$5" THREADS="$THREADS" wrk -t"$THREADS" -c"$2" -d"$1s" --timeout 10s --latency \
    -s "$HERE/dpop.lua" "$3" > "$6" 2> "$6.err"
}

# run_row NAME CONNECTIONS URL METHOD BODY AUTH [HTU ACCESS_TOKEN] -> one Markdown row; with HTU,
# each request carries a fresh DPoP proof over METHOD HTU (and ACCESS_TOKEN, as ath)
run_row() {
  local name="$1" connections="$2" url="$3" warm=0 measured=0
  export METHOD="$4" BODY="$5" AUTH="$6" PROOFS=""
  if [ $# -ge 7 ]; then
    warm=$((MAX_RATE * WARMUP))
    measured=$((MAX_RATE * DURATION))
    PROOFS="$LOGS/proofs.txt"
    proofs "$4" "$7" $((warm + measured)) "$PROOFS" ${8:+"$8"}
  fi
  wrk_once "$WARMUP" "$connections" "$url" 0 "$warm" "$LOGS/warm.txt"
  wrk_once "$DURATION" "$connections" "$url" "$warm" "$measured" "$LOGS/wrk.txt"
  if [ -n "$PROOFS" ]; then
    { echo "$name, $connections connections:"; cat "$LOGS/warm.txt.err" "$LOGS/wrk.txt.err"; } >&2
  fi
  python3 "$HERE/wrk_row.py" "$name" "$connections" "$LOGS/wrk.txt"
}

echo "demo server..." >&2
PORT=18085
BASE="http://127.0.0.1:$PORT"
$JAVA -jar "$ROOT/proauth2-example/target/proauth2-example.jar" serve --port "$PORT" --store memory: \
  --auto-approve > "$LOGS/demo.log" 2>&1 &
SERVER_PID=$!
wait_for "$BASE/.well-known/oauth-authorization-server"
METADATA=$(curl -s "$BASE/.well-known/oauth-authorization-server")
ISSUER=$(echo "$METADATA" | json_field issuer)
TOKEN_HTU=$(echo "$METADATA" | json_field token_endpoint)
ME_HTU="$ISSUER/me"
reg=$(curl -s "$BASE/register" -H 'Content-Type: application/json' \
  -d '{"client_name":"bench","grant_types":["client_credentials"],"scope":"read"}')
id=$(echo "$reg" | json_field client_id)
secret=$(echo "$reg" | json_field client_secret)
BASIC="Basic $(printf '%s:%s' "$id" "$secret" | base64 -w0)"

BEARER=$(curl -s "$BASE/token" -H "Authorization: $BASIC" -d grant_type=client_credentials | json_field access_token)
proofs POST "$TOKEN_HTU" 1 "$LOGS/one.txt"
BOUND_RESPONSE=$(curl -s "$BASE/token" -H "Authorization: $BASIC" -H "DPoP: $(cat "$LOGS/one.txt")" \
  -d grant_type=client_credentials)
[ "$(echo "$BOUND_RESPONSE" | json_field token_type)" = DPoP ] \
  || { echo "the token request with a proof did not return a DPoP token: $BOUND_RESPONSE" >&2; exit 1; }
BOUND=$(echo "$BOUND_RESPONSE" | json_field access_token)

# Unrecorded: the server's first DPoP requests, so that the rows meet compiled code.
echo "warming the server up..." >&2
run_row "warm-up" 8 "$BASE/token" POST grant_type=client_credentials "$BASIC" "$TOKEN_HTU" > /dev/null
run_row "warm-up" 8 "$BASE/me" GET "" "DPoP $BOUND" "$ME_HTU" "$BOUND" > /dev/null

ROWS="$LOGS/rows.md"
: > "$ROWS"
for c in 8 64; do
  run_row "client_credentials, bearer" "$c" "$BASE/token" POST grant_type=client_credentials "$BASIC" >> "$ROWS"
  run_row "client_credentials, DPoP proof" "$c" "$BASE/token" POST grant_type=client_credentials "$BASIC" \
    "$TOKEN_HTU" >> "$ROWS"
  run_row "GET /me, bearer token" "$c" "$BASE/me" GET "" "Bearer $BEARER" >> "$ROWS"
  run_row "GET /me, DPoP-bound token + proof" "$c" "$BASE/me" GET "" "DPoP $BOUND" "$ME_HTU" "$BOUND" >> "$ROWS"
done
stop_server

{
  echo "demo server (JDK HttpServer, memory store); wrk $THREADS threads, ${WARMUP}s warm-up, ${DURATION}s measured, keep-alive; proofs signed before each row (up to $MAX_RATE/s); $(nproc) cores; $($JAVA -version 2>&1 | head -1)"
  echo
  echo "| demo server: request | connections | requests/s | p50 ms | p99 ms | requests | socket errors | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  cat "$ROWS"
} | tee "$OUT"
