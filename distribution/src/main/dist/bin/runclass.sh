#!/usr/bin/env bash
# Runs a FerryMQ main class with the distribution's lib/ on the class path.
# JAVA_OPT overrides the JVM options (default: a small heap that suits a laptop or a test machine).
set -euo pipefail
BASE_DIR="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
: "${JAVA_OPT:=-Xms256m -Xmx512m -XX:+UseG1GC}"
MAIN="$1"
shift
# FERRYMQ_LOGBACK overrides the logging configuration (the command-line tools log warnings only).
: "${FERRYMQ_LOGBACK:=$BASE_DIR/conf/logback.xml}"
# shellcheck disable=SC2086
exec "$JAVA" $JAVA_OPT -Dferrymq.home="$BASE_DIR" -Dlogback.configurationFile="$FERRYMQ_LOGBACK" -cp "$BASE_DIR/lib/*" "$MAIN" "$@"
