#!/usr/bin/env bash
# Runs a command next to a throwaway Neo4j 5 server (no Docker: Java 17 and Maven), then stops it:
#
#   tests/neo4j/run.sh .venv/bin/python -m pytest -q       the whole suite, Neo4j half included
#   tests/neo4j/run.sh .venv/bin/python bench/store.py     the store benchmark on both stores
#
# Maven builds tests/neo4j (Neo4j's community kernel with its Bolt connector, from Maven Central,
# cached in ~/.m2), then the server starts on 127.0.0.1 and a port the system picks, with a fresh
# random password and its data in a temporary folder. The command runs with NEO4J_URI,
# NEO4J_USER and NEO4J_PASSWORD set for it; when it ends (or this script is killed) the server
# shuts down and deletes its folder. NEO4J_TEST_HEAP (default 1g) and NEO4J_TEST_PAGECACHE_MB
# (default 256) size it; NEO4J_TEST_PORT fixes the port; NEO4J_TEST_HOME names a folder that keeps
# the graph across runs instead. Without Java or Maven the command runs without a server, and the
# Neo4j tests say why they skip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

missing=""
command -v java >/dev/null 2>&1 || missing="java"
command -v mvn >/dev/null 2>&1 || missing="${missing:+$missing and }mvn"
if [ -n "$missing" ]; then
  echo "tests/neo4j/run.sh: $missing not found: running without a Neo4j server" >&2
  exec "$@"
fi

build_log="$(mktemp)"
if ! mvn -q -B -f "$here/pom.xml" compile >"$build_log" 2>&1; then
  echo "tests/neo4j/run.sh: building the Neo4j test server failed:" >&2
  cat "$build_log" >&2
  rm -f "$build_log"
  exit 1
fi
rm -f "$build_log"

work="$(mktemp -d)"
mkfifo "$work/stdin"
NEO4J_PASSWORD="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export NEO4J_PASSWORD
java "-Xmx${NEO4J_TEST_HEAP:-1g}" -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  precedent.TestServer - "${NEO4J_TEST_PORT:-0}" "${NEO4J_TEST_PAGECACHE_MB:-256}" "${NEO4J_TEST_HOME:-}" \
  <"$work/stdin" >"$work/out" 2>&1 &
server=$!
exec 3>"$work/stdin"  # the server stops when this end closes, even if this script is killed

stop() {
  exec 3>&-
  for _ in $(seq 60); do kill -0 "$server" 2>/dev/null || break; sleep 1; done
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

uri=""
for _ in $(seq 300); do
  uri="$(grep -m1 -o 'bolt://127\.0\.0\.1:[0-9]*' "$work/out" || true)"
  [ -n "$uri" ] && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "tests/neo4j/run.sh: the Neo4j test server did not start:" >&2
    tail -n 30 "$work/out" >&2
    exit 1
  fi
  sleep 1
done
[ -n "$uri" ] || { echo "tests/neo4j/run.sh: the Neo4j test server was not ready after 300 s" >&2; exit 1; }
echo "tests/neo4j/run.sh: Neo4j test server at $uri" >&2

export NEO4J_URI="$uri" NEO4J_USER=neo4j
# The command runs in the background so that a SIGTERM to this script is handled at once (bash
# defers traps while a foreground command runs): it is passed on, and the EXIT trap stops the server.
"$@" <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM
status=0
while :; do
  wait "$child" && status=0 || status=$?
  kill -0 "$child" 2>/dev/null || break
done
exit "$status"
