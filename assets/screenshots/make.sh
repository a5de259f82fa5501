#!/usr/bin/env bash
# Takes the README's screenshots from the real console, on the demo, under a virtual X display.
# Needs Debian's xvfb, xdotool, x11-apps (xwd) and imagemagick (convert); run from the project root after
# ./mvnw package -DskipTests.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)"
display=":97"
Xvfb "$display" -screen 0 1440x900x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY="$display"
java -Djava.util.prefs.userRoot="$(mktemp -d)" -jar target/redrive.jar >/tmp/redrive-screenshots.log 2>&1 &
app=$!
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
# the demo needs a minute to fill its queues, dead letters and charts
sleep 45
window="$(xdotool search --sync --name '^Redrive$' | head -1)"
xdotool windowsize "$window" 1440 900 windowmove "$window" 0 0
shot() {  # shot NAME KEY [X Y]: switch screen with the shortcut, let it refresh, click at X,Y if given, capture
  xdotool windowfocus "$window" key --clearmodifiers "$2"  # no window manager under Xvfb: focus, not activate
  sleep 4
  if [ $# -ge 4 ]; then
    xdotool mousemove "$3" "$4" click 1
    sleep 3
  fi
  xwd -root -silent | convert xwd:- -crop 1440x900+0+0 "$out/$1.png"
}
shot overview ctrl+1
shot dead-letters ctrl+2 700 330  # the newest dead letter selected: its payload below the table
shot retries ctrl+4
shot audit ctrl+5
shot cache ctrl+6
shot timeline ctrl+7
echo "screenshots written to $out"
# the production connection, a designed confirmation and a replay's outcome, light and dark
bash "$out/tour.sh"
