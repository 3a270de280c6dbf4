"""The configurations for a real hub (deploy/): The Littlest JupyterHub and Zero to JupyterHub.

Parsed, not deployed (that needs a server or a cluster): the learners' environment must carry
exactly the project's pins, nbgitpuller and the package from the published notebooks branch of
``repository.url``; both hubs open JupyterLab, cull idle servers and limit memory and CPU.
"""

import re

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
