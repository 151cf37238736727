#!/usr/bin/env bash
# Runs a FerryMQ main class with the distribution's lib/ on the class path.
# JAVA_OPT overrides the JVM options (default: a small heap that suits a laptop or a test machine).
set -euo pipefail
BASE_DIR="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
: "${JAVA_OPT:=-Xms256m -Xmx512m -XX:+UseG1GC}"
MAIN="$1"
shift
# shellcheck disable=SC2086
exec "$JAVA" $JAVA_OPT -Dferrymq.home="$BASE_DIR" -Dlogback.configurationFile="$BASE_DIR/conf/logback.xml" -cp "$BASE_DIR/lib/*" "$MAIN" "$@"
