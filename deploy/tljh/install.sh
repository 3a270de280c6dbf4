#!/usr/bin/env bash
# Install The Littlest JupyterHub for the casebook on a fresh Ubuntu server (run as root):
#   sudo bash deploy/tljh/install.sh [REPOSITORY_URL]
# REPOSITORY_URL: your fork (default: repository.url of _config.yml). The learners' environment
# comes from deploy/requirements.txt; then deploy/tljh/config.yaml is applied with tljh-config.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="${1:-$(sed -n '/^repository:/,/^[^ ]/s/^ *url: *//p' "$here/../../_config.yml")}"
raw="${repo/github.com/raw.githubusercontent.com}/main/deploy/requirements.txt"
curl -fsSL https://tljh.jupyter.org/bootstrap.py | python3 - --admin teacher \
  --user-requirements-txt-url "$raw"

# config.yaml as "key value" lines (booleans lower-case, lists one item a line).
walk='
import sys, yaml
def walk(node, prefix=""):
    for key, value in node.items():
        if isinstance(value, dict):
            yield from walk(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            yield from (f"{prefix}{key} {item}" for item in value)
        elif isinstance(value, bool):
            yield f"{prefix}{key} {str(value).lower()}"
        else:
            yield f"{prefix}{key} {value}"
print("\n".join(walk(yaml.safe_load(open(sys.argv[1])))))
'
/opt/tljh/user/bin/python3 -c "$walk" "$here/config.yaml" | while read -r key value; do
  if [ "$key" = users.admin ]; then tljh-config add-item "$key" "$value"
  else tljh-config set "$key" "$value"; fi
done
# The learners' JupyterLab: every cell drawn (glued values show), no news or update requests.
sh "$here/../../scripts/lab-settings.sh" /opt/tljh/user/bin/jupyter
tljh-config reload
echo "Hub up. Launch links: <hub>/hub/user-redirect/git-pull?repo=$repo&branch=notebooks&urlpath=lab/tree/${repo##*/}/book/<chapter>.ipynb"
