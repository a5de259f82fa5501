#!/usr/bin/env bash
# Takes the production screenshots (banner, a designed confirmation, a replay's outcome; light and dark) from the
# real console window under a virtual X display, on a Redis of its own (ScreenshotTour in the test sources).
# Needs Debian's xvfb; run from the project root after ./mvnw test-compile.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)"
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
display=":96"
Xvfb "$display" -screen 0 1440x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
DISPLAY="$display" java -Djava.util.prefs.userRoot="$(mktemp -d)" \
  -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" io.redrive.console.ScreenshotTour "${1:-$out}"
