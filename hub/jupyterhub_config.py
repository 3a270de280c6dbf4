# The demo JupyterHub of `make hub` (scripts/hub.py writes the settings it reads).
#
# One machine, 127.0.0.1 only: a local spawner that gives each demo user a home folder under
# the hub's state folder (no system accounts), a shared-password demo authenticator, the pinned
# configurable-http-proxy from hub/node_modules, and the users' servers from the project's
# virtual environment (which holds nbgitpuller and the casebook package). Not for a real class:
# see deploy/tljh/ and deploy/z2jh/ for that.
import json
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (jupyterhub provides it)

settings = json.loads(Path(os.environ["CASEBOOK_HUB_SETTINGS"]).read_text())
state = Path(settings["state"])
venv_bin = Path(sys.executable).parent

c.JupyterHub.bind_url = f"http://127.0.0.1:{settings['port']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.default_url = "/hub/home"
c.JupyterHub.cleanup_servers = True

c.ConfigurableHTTPProxy.command = [settings["proxy"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.ConfigurableHTTPProxy.debug = False

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = settings["password"]
c.Authenticator.allowed_users = set(settings["users"])
c.Authenticator.admin_users = {settings["admin"]}

c.JupyterHub.spawner_class = "simple"  # jupyterhub.spawner.SimpleLocalProcessSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [str(venv_bin / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    "CASEBOOK_HUB_STATE": str(state),  # how scripts/hub.py finds leftovers to stop
    "PATH": f"{venv_bin}:{os.environ.get('PATH', '/usr/bin:/bin')}",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}

# A service token for the load test and scripts (REST API: start servers, reach them).
c.JupyterHub.services = [{"name": "casebook-driver", "api_token": settings["api_token"]}]
c.JupyterHub.load_roles = [{
    "name": "casebook-driver",
    "scopes": ["admin:users", "admin:servers", "access:servers", "tokens", "list:users"],
    "services": ["casebook-driver"],
}]

# A demo machine or container where everything runs as root (the users are not system accounts).
if os.getuid() == 0:
    c.Spawner.args = ["--allow-root"]
