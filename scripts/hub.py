"""A demo JupyterHub for a class on this machine (``make hub``).

    python scripts/hub.py [--port 8765] [--state _build/hub] [--repo local|published|URL]
                          [--users 10] [--password casebook]

Starts a real JupyterHub on 127.0.0.1 (jupyterhub from PyPI, configurable-http-proxy from npm
in ``hub/node_modules``, ``hub/jupyterhub_config.py``): demo users ``student1``... and
``teacher`` share one password; each gets a home folder under ``<state>/home``. The student
notebooks come from a git repository through nbgitpuller:

- ``--repo local`` (default): a git repository built here from ``make notebooks`` output (the
  same tree the pages workflow publishes as the ``notebooks`` branch), at
  ``<state>/git/<repository name>``;
- ``--repo published``: ``repository.url`` of ``_config.yml``, branch ``notebooks``;
- any other value: that git URL, branch ``notebooks``.

It prints one nbgitpuller launch link per chapter. For a GitHub repository the link is the one
the chapter pages' JupyterHub button carries (``casebook.editions.launch_urls``, with
``launch_buttons: jupyterhub_url`` of ``_config.yml`` set to this hub's address).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import yaml

ROOT = Path(__file__).resolve().parents[1]
HUB_DIR = ROOT / "hub"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
BRANCH = "notebooks"
GIT = ["git", "-c", "user.name=casebook", "-c", "user.email=casebook@localhost",
       "-c", "init.defaultBranch=" + BRANCH, "-c", "commit.gpgsign=false"]


def book_config(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text())


def launch_link(hub_url: str, repo: str, notebook_path: str, *, branch: str = BRANCH,
                interface: str = "jupyterlab") -> str:
    """The nbgitpuller link that copies ``repo`` (``branch``) into the user's home and opens
    ``notebook_path`` (relative to the repository) in JupyterLab.

    Built like the chapter pages' button (``casebook.editions.launch_urls``), for any git URL
    or local path; nbgitpuller clones into a folder named after the repository's last part.

    >>> print(launch_link("http://127.0.0.1:8765/", "/srv/git/ass-casebook", "book/x.ipynb"))
    http://127.0.0.1:8765/hub/user-redirect/git-pull?repo=/srv/git/ass-casebook&branch=notebooks&urlpath=lab/tree/ass-casebook/book/x.ipynb
    """
    if repo.startswith("https://github.com/"):
        from casebook.editions import launch_urls

        return launch_urls(repo, notebook_path, branch=branch, interface=interface,
                           jupyterhub_url=hub_url)["JupyterHub"]
    ui = {"jupyterlab": "lab/tree", "classic": "tree"}[interface]
    name = repo.rstrip("/").rsplit("/", 1)[-1]
    query = urlencode({"repo": repo, "branch": branch,
                       "urlpath": f"{ui}/{name}/{notebook_path.lstrip('/')}"}, safe="/:")
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def chapter_slugs(root: Path = ROOT) -> list[str]:
    sys.path.insert(0, str(root / "src"))
    from casebook.book import Book

    return Book.at(root).chapter_slugs()


def build_local_repo(root: Path, state: Path) -> Path:
    """A git repository (branch ``notebooks``) holding what the pages workflow publishes: the
    student notebooks of ``make notebooks`` with the package and quiz banks. Rebuilt each time;
    returns its path (named like the project's repository, as nbgitpuller names the folder)."""
    name = book_config(root)["repository"]["url"].rstrip("/").rsplit("/", 1)[-1]
    repo = state / "git" / name
    out = state / "notebooks"
    shutil.rmtree(repo, ignore_errors=True)
    subprocess.run([sys.executable, str(root / "scripts" / "notebooks.py"), "--root", str(root),
                    "--out", str(out), "--tree", str(repo)], check=True, cwd=root)
    subprocess.run([*GIT, "init", "-q", "-b", BRANCH, str(repo)], check=True)
    subprocess.run([*GIT, "-C", str(repo), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(repo), "commit", "-q", "-m", "Student notebooks"],
                   check=True)
    return repo


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Hub:
    """A running demo hub: its address, users and the driver service's API token."""
    url: str
    state: Path
    users: list[str]
    admin: str
    password: str
    api_token: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 30):
        """Call the hub's REST API as the driver service; returns the decoded JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}/hub/api{path}", data=data, method=method,
                                     headers={"Authorization": f"token {self.api_token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read()
        return json.loads(text) if text else None

    def alive(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5) as resp:
                return resp.status == 200
        except (urllib.error.URLError, OSError):
            return False


@contextlib.contextmanager
def running_hub(state: Path, *, port: int | None = None, users: int = 10,
                password: str = "casebook", timeout: float = 60):
    """Start the demo hub (state in ``state``), wait until its API answers, yield a
    :class:`Hub`; stop the hub, its proxy and every user's server on the way out."""
    if not PROXY.exists():
        raise SystemExit(f"no {PROXY}: run `make hub-install` (npm ci in hub/)")
    state.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    names = [f"student{i}" for i in range(1, users + 1)] + ["teacher"]
    hub = Hub(url=f"http://127.0.0.1:{port}", state=state, users=names, admin="teacher",
              password=password, api_token=secrets.token_hex(24))
    settings = {"state": str(state), "port": port, "hub_port": free_port(),
                "proxy_api_port": free_port(), "proxy": str(PROXY), "users": names,
                "admin": hub.admin, "password": password, "api_token": hub.api_token}
    settings_file = state / "settings.json"
    settings_file.write_text(json.dumps(settings))
    settings_file.chmod(0o600)
    (state / "jupyterhub.sqlite").unlink(missing_ok=True)
    log = open(state / "jupyterhub.log", "ab")
    env = dict(os.environ, CASEBOOK_HUB_SETTINGS=str(settings_file),
               PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    hub.process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(HUB_DIR / "jupyterhub_config.py")],
        cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not hub.alive():
            if hub.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited ({hub.process.returncode}); see "
                                   f"{state / 'jupyterhub.log'}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the hub did not answer in {timeout} s")
            time.sleep(0.3)
        yield hub
    finally:
        stop(hub.process)
        stop_proxy(state)
        stop_leftovers(state)
        log.close()


def stop(process: subprocess.Popen | None, grace: float = 15) -> None:
    """SIGTERM the hub's process group (hub, proxy, users' servers), then SIGKILL."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def stop_proxy(state: Path) -> None:
    """Stop a proxy left running by a hub that did not shut down cleanly (its pid file)."""
    pid_file = state / "proxy.pid"
    with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
        pid = int(pid_file.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        if b"configurable-http-proxy" in cmdline:
            os.kill(pid, signal.SIGTERM)


# --------------------------------------------------------------------------- a simulated student

def user_request(hub: Hub, user: str, method: str, path: str, body: dict | None = None,
                 timeout: float = 60):
    """Call ``user``'s server (through the proxy) with the driver service's token."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{hub.url}/user/{user}{path}", data=data, method=method,
                                 headers={"Authorization": f"token {hub.api_token}",
                                          "Content-Type": "application/json"})
    return urllib.request.urlopen(req, timeout=timeout)


def start_server(hub: Hub, user: str, timeout: float = 120) -> None:
    """Spawn ``user``'s server through the REST API and wait until it is ready."""
    with contextlib.suppress(urllib.error.HTTPError):  # 400: already running
        hub.api("POST", f"/users/{user}/server")
    deadline = time.monotonic() + timeout
    while not (hub.api("GET", f"/users/{user}")["servers"].get("") or {}).get("ready"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{user}'s server was not ready in {timeout} s")
        time.sleep(0.5)


def stop_server(hub: Hub, user: str) -> None:
    with contextlib.suppress(urllib.error.HTTPError):
        hub.api("DELETE", f"/users/{user}/server")


def git_pull(hub: Hub, user: str, repo: str, branch: str = BRANCH, timeout: float = 120) -> str:
    """What the launch link's page does: nbgitpuller's event stream, to its last phase."""
    query = urlencode({"repo": repo, "branch": branch})
    last = ""
    with user_request(hub, user, "GET", f"/git-pull/api?{query}", timeout=timeout) as resp:
        for raw in resp:
            line = raw.decode().strip()
            if line.startswith("data:"):
                event = json.loads(line[5:])
                last = event.get("phase", last)
                if last in ("finished", "error"):
                    if last == "error":
                        raise RuntimeError(f"nbgitpuller failed for {user}: {event}")
                    break
    return last


async def _execute_cells(ws_url: str, token: str, sources: list[str], timeout: float):
    """Run ``sources`` in order on a kernel's websocket; returns the error outputs."""
    import uuid

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(HTTPRequest(ws_url, headers={
        "Authorization": f"token {token}"}, request_timeout=timeout))
    errors, session = [], uuid.uuid4().hex
    try:
        for source in sources:
            msg_id = uuid.uuid4().hex
            conn.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session,
                           "username": "casebook", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": source, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False,
                            "stop_on_error": True}}))
            while True:
                raw = await conn.read_message()
                if raw is None:
                    raise RuntimeError("the kernel's websocket closed")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "error":
                    errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
                if kind == "execute_reply" and msg["channel"] == "shell":
                    break
            if errors:
                break
    finally:
        conn.close()
    return errors


def run_notebook(hub: Hub, user: str, path: str, timeout: float = 180) -> dict:
    """Open ``path`` (relative to the user's home) in a kernel of the user's server as
    JupyterLab does (a session, so the kernel starts in the notebook's folder) and run every
    code cell in order; returns {"cells": n, "errors": [...], "seconds": run time}."""
    import asyncio

    from urllib.parse import quote

    with user_request(hub, user, "GET", f"/api/contents/{quote(path)}") as resp:
        nb = json.loads(resp.read())["content"]
    sources = [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]
    with user_request(hub, user, "POST", "/api/sessions", {
            "path": path, "type": "notebook", "name": path.rsplit("/", 1)[-1],
            "kernel": {"name": "python3"}}) as resp:
        session = json.loads(resp.read())
    kernel = session["kernel"]["id"]
    ws = hub.url.replace("http://", "ws://") + f"/user/{user}/api/kernels/{kernel}/channels"
    started = time.monotonic()
    try:
        # In a thread of its own: the caller may already run an event loop (Playwright's).
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            errors = pool.submit(asyncio.run, asyncio.wait_for(
                _execute_cells(ws, hub.api_token, sources, timeout), timeout)).result()
    finally:
        with contextlib.suppress(urllib.error.HTTPError, OSError):
            user_request(hub, user, "DELETE", f"/api/sessions/{session['id']}").close()
    return {"cells": len(sources), "errors": errors, "seconds": time.monotonic() - started}


def launch_and_run(hub: Hub, user: str, repo: str, notebook: str, timeout: float = 240) -> dict:
    """One simulated student: the launch link's work (spawn, nbgitpuller) and "run all" of
    ``notebook`` (relative to the repository); returns timings and errors."""
    t0 = time.monotonic()
    start_server(hub, user, timeout=timeout)
    t1 = time.monotonic()
    phase = git_pull(hub, user, repo, timeout=timeout)
    t2 = time.monotonic()
    name = repo.rstrip("/").rsplit("/", 1)[-1]
    result = run_notebook(hub, user, f"{name}/{notebook}", timeout=timeout)
    return dict(result, user=user, pull=phase, spawn_seconds=t1 - t0, pull_seconds=t2 - t1,
                total_seconds=time.monotonic() - t0)


def leftover_servers(state: Path) -> list[int]:
    """Pids of processes the hub spawned for ``state`` (users' servers, kernels) still running:
    they carry ``CASEBOOK_HUB_STATE`` (hub/jupyterhub_config.py sets it)."""
    mark = f"CASEBOOK_HUB_STATE={state}".encode()
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if mark in (proc / "environ").read_bytes().split(b"\0"):
                pids.append(int(proc.name))
    return pids


def stop_leftovers(state: Path) -> None:
    for pid in leftover_servers(state):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def resolve_repo(choice: str, root: Path, state: Path) -> str:
    if choice == "local":
        return str(build_local_repo(root, state))
    if choice == "published":
        return book_config(root)["repository"]["url"]
    return choice


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--state", type=Path, default=None, help="default: <root>/_build/hub")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--repo", default="local", help="local, published or a git URL")
    parser.add_argument("--users", type=int, default=10, help="student1..studentN (+ teacher)")
    parser.add_argument("--password", default="casebook")
    args = parser.parse_args(argv)
    # SIGTERM (a service manager, `timeout`) stops the hub as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    state = (args.state or args.root / "_build" / "hub").resolve()
    repo = resolve_repo(args.repo, args.root, state)
    with running_hub(state, port=args.port, users=args.users, password=args.password) as hub:
        print(f"\nJupyterHub at {hub.url}/  (log: {state / 'jupyterhub.log'})")
        print(f"Users: {', '.join(hub.users[:3])} ... {hub.users[-2]}, {hub.admin} (admin); "
              f"password: {hub.password}")
        print(f"Notebooks from: {repo} (branch {BRANCH})\nLaunch links (log in first, or the "
              "hub asks you to):")
        for slug in chapter_slugs(args.root):
            print(f"  {slug}: {launch_link(hub.url, repo, f'book/{slug}.ipynb')}")
        print("Ctrl-C stops the hub and every user's server.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while hub.process.poll() is None:
                time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
