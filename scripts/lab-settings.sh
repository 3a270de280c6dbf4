#!/bin/sh
# Give a JupyterLab the casebook's settings (scripts/lab-overrides.json): chapters open as
# notebooks, every cell is drawn (jupyterlab-myst evaluates a cell's glued values only when the
# cell is drawn as it runs) and no news or update server is asked. Used by every place a learner's
# JupyterLab is made: make teach and hub-install, Binder's postBuild, TLJH and the Z2JH image.
#   sh scripts/lab-settings.sh [JUPYTER]   (JUPYTER: that environment's jupyter; default: on PATH)
set -eu
jupyter="${1:-jupyter}"
app="$("$jupyter" lab path | sed -n 's/^Application directory: *//p')"
test -n "$app" || { echo "lab-settings: '$jupyter lab path' named no application directory" >&2; exit 1; }
mkdir -p "$app/settings"
cp "$(dirname "$0")/lab-overrides.json" "$app/settings/overrides.json"
echo "JupyterLab settings: $app/settings/overrides.json"
