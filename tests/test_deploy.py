"""The configurations for a real hub (deploy/): The Littlest JupyterHub and Zero to JupyterHub.

Parsed, not deployed (that needs a server or a cluster): the learners' environment must carry
exactly the project's pins, nbgitpuller and the package from the published notebooks branch of
``repository.url``; both hubs open JupyterLab, cull idle servers and limit memory and CPU.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.hub
DEPLOY = ROOT / "deploy"
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)$")


def pins(path):
    """{name: version} of the ``name==version`` lines of a requirements file."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if match := PIN.match(line):
            found[match[1].lower()] = match[2]
    return found


def requirement_lines(path):
    return [line.strip() for line in path.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def repository_url():
    return yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]


def test_the_learners_environment_has_exactly_the_project_pins_and_nbgitpuller():
    users = pins(DEPLOY / "requirements.txt")
    project = pins(ROOT / "requirements.txt")
    hub = pins(ROOT / "hub" / "requirements.txt")
    assert {k: v for k, v in users.items() if k in project} == project
    assert users["nbgitpuller"] == hub["nbgitpuller"]
    assert "jupyterhub" not in users  # the hub's own (TLJH installs it; the image pins it)
    assert set(users) == set(project) | {"nbgitpuller"}
    # Every line is a pin, but the package, which comes from the published notebooks branch.
    others = [line for line in requirement_lines(DEPLOY / "requirements.txt")
              if not PIN.match(line)]
    assert others == [f"casebook @ git+{repository_url()}@notebooks"]


def test_jupyterlab_is_one_jupyterlab_myst_supports():
    project = pins(ROOT / "requirements.txt")
    assert project["jupyterlab-myst"] == "2.7.0"
    # jupyterlab-myst 2.7.0 is built against @jupyter/ydoc ^3, which JupyterLab 4.6 replaced.
    assert project["jupyterlab"].startswith("4.5.")


def test_tljh_config_opens_lab_culls_idle_servers_and_limits_resources():
    config = yaml.safe_load((DEPLOY / "tljh" / "config.yaml").read_text())
    assert config["user_environment"]["default_app"] == "jupyterlab"
    cull = config["services"]["cull"]
    assert cull["enabled"] is True and 0 < cull["timeout"] <= 4 * 3600 and cull["every"] > 0
    assert config["limits"]["memory"] == "2G" and config["limits"]["cpu"] == 1
    assert config["users"]["admin"] == ["teacher"]
    script = (DEPLOY / "tljh" / "install.sh").read_text()
    assert "--user-requirements-txt-url" in script and "deploy/requirements.txt" in script
    assert "tljh-config reload" in script


def test_z2jh_values_use_the_learners_image_cull_and_limit():
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())
    single = values["singleuser"]
    assert single["defaultUrl"] == "/lab"
    assert single["memory"]["limit"] == "2G" and single["cpu"]["limit"] == 1
    assert single["memory"]["guarantee"] and single["cpu"]["guarantee"] <= single["cpu"]["limit"]
    assert values["cull"]["enabled"] is True and 0 < values["cull"]["timeout"] <= 4 * 3600
    assert single["image"]["name"] and str(single["image"]["tag"]) != "latest"
    dockerfile = (DEPLOY / "z2jh" / "Dockerfile").read_text()
    assert "COPY deploy/requirements.txt" in dockerfile
    assert re.search(r"-r /tmp/requirements.txt jupyterhub==(\S+)", dockerfile)[1] == pins(
        ROOT / "hub" / "requirements.txt")["jupyterhub"]
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()  # python-3.11
    assert f"FROM python:{runtime.split('-')[1]}-slim" in dockerfile


def lab_settings(script, jupyter, app_dir):
    """Run a lab-settings script for ``jupyter`` with JupyterLab's application directory in
    ``app_dir`` (JUPYTERLAB_DIR), as the Makefile, Binder, TLJH and the Z2JH image do."""
    env = {**os.environ, "JUPYTERLAB_DIR": str(app_dir),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["sh", str(script), *([jupyter] if jupyter else [])], env=env,
                          capture_output=True, text=True, timeout=60)


def test_lab_settings_put_the_overrides_where_that_jupyterlab_reads_them(tmp_path):
    jupyter = str(Path(sys.executable).parent / "jupyter")
    proc = lab_settings(ROOT / "scripts" / "lab-settings.sh", jupyter, tmp_path / "app")
    assert proc.returncode == 0, proc.stderr
    written = tmp_path / "app" / "settings" / "overrides.json"
    assert written.read_text() == (ROOT / "scripts" / "lab-overrides.json").read_text()
    settings = json.loads(written.read_text())
    # Windowing off: jupyterlab-myst evaluates glued values only in cells drawn as they run.
    assert settings["@jupyterlab/notebook-extension:tracker"]["windowingMode"] == "none"
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_lab_settings_say_which_jupyter_failed(tmp_path):
    proc = lab_settings(ROOT / "scripts" / "lab-settings.sh", str(tmp_path / "no-jupyter"),
                        tmp_path / "app")
    assert proc.returncode != 0
    assert "no-jupyter" in proc.stderr and "application directory" in proc.stderr
    assert not (tmp_path / "app").exists()


def test_binder_postbuild_gives_the_learners_lab_the_settings(tmp_path):
    post = ROOT / "binder" / "postBuild"
    assert os.access(post, os.X_OK)  # repo2docker runs it only if executable
    proc = lab_settings(post, None, tmp_path / "app")  # its jupyter: the one on PATH
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "app" / "settings" / "overrides.json").read_text() == (
        ROOT / "scripts" / "lab-overrides.json").read_text()


def test_every_place_a_learners_lab_is_made_applies_the_settings():
    makefile = (ROOT / "Makefile").read_text()
    recipes = {target: re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.M)[1]
               for target in ("teach", r"\$\(VENV\)/\.installed-hub")}
    for target, recipe in recipes.items():
        assert "sh scripts/lab-settings.sh $(BIN)/jupyter" in recipe, target
    tljh = (DEPLOY / "tljh" / "install.sh").read_text()
    # After TLJH made the learners' environment, before the hub reloads.
    assert tljh.index("--user-requirements-txt-url") < tljh.index(
        'lab-settings.sh" /opt/tljh/user/bin/jupyter') < tljh.index("tljh-config reload")
    dockerfile = (DEPLOY / "z2jh" / "Dockerfile").read_text()
    assert dockerfile.index("-r /tmp/requirements.txt") < dockerfile.index(
        "RUN sh /tmp/lab/lab-settings.sh jupyter")
    assert "COPY scripts/lab-settings.sh scripts/lab-overrides.json /tmp/lab/" in dockerfile
