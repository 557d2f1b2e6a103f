# Shared by run.sh and dpop.sh (sourced, after LOGS is set): the one server a benchmark runs at a
# time, stopped on exit, and the small helpers both scripts call.

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap stop_server EXIT

wait_for() { # URL
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "the server at $1 did not start; its log: $LOGS" >&2
  exit 1
}

json_field() { # FIELD < JSON
  python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}
