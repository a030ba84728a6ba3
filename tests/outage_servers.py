"""Throwaway servers for the outage tests, each on a free port, started,
stopped and paused by the test itself — never the shared PostgreSQL or
Redis: a `redis-server`, a PostgreSQL cluster (initdb + pg_ctl), and the
newsroom under gunicorn. Plus a small HTTP client that logs in and posts a
form as a browser does (fields read from the page, cookies kept)."""

import glob
import html.parser
import http.cookiejar
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited ({process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on port {port}")


class ThrowawayRedis:
    binary = shutil.which("redis-server")

    def __init__(self):
        self.port = free_port()
        self.process = None
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)

    def pause(self):
        """Hung: the port still accepts connections, nothing answers."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def close(self):
        if self.process.poll() is None:
            self.resume()
            self.stop()


def postgres_bin():
    """The newest PostgreSQL server binaries on this machine, or None."""
    found = [
        Path(path).parent
        for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")
        + glob.glob("/usr/local/pgsql/bin/initdb")
    ]
    if not found and shutil.which("initdb"):
        found = [Path(shutil.which("initdb")).parent]
    found = [path for path in found if (path / "pg_ctl").exists()]
    if not found:
        return None
    if os.geteuid() == 0:  # initdb refuses root; the cluster runs as postgres
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return None
    return max(found, key=lambda path: path.parent.name.zfill(4))


class ThrowawayPostgres:
    def __init__(self, bindir):
        self.bindir = bindir
        self.port = free_port()
        self.home = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
        self.data = self.home / "data"
        self.as_owner = []
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._run(
            "initdb", "--no-sync", "-D", self.data, "-A", "trust", "-U", "postgres"
        )
        self.start()

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool, *args):
        subprocess.run(
            [*self.as_owner, self.bindir / tool, *map(str, args)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start(self):
        options = (
            f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            self.data,
            "-o",
            options,
            "-l",
            self.home / "log",
            "-w",
            "start",
        )
        wait_for_port(self.port, None)

    def stop(self):
        """As a crash or a kill would: no goodbye to the clients."""
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def close(self):
        subprocess.run(
            [*self.as_owner, self.bindir / "pg_ctl", "-D", self.data]
            + ["-m", "immediate", "-w", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.home, ignore_errors=True)


def manage(env, *args):
    """Run a management command against the environment's settings."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class Gunicorn:
    """The newsroom served by gunicorn, one worker, as in production."""

    def __init__(self, env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi:application"]
            + ["--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
            + ["--timeout", "30", "--log-level", "critical"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process)
        self.base = f"http://127.0.0.1:{self.port}"

    def close(self):
        self.process.terminate()
        self.process.wait(10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    """Cookies kept, redirects not followed (a save answers 302)."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        request = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(request, timeout=30) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read())

    def form(self, path, form_id):
        """The fields of one form on the page, as a browser would post them."""
        page = self.request(path)
        reader = _FormReader(form_id)
        reader.feed(page.text)
        return reader.fields

    def login(self, username, password):
        fields = self.form("/admin/login/", "login-form")
        fields.update(username=username, password=password)
        return self.request("/admin/login/?next=/admin/", fields)


class _FormReader(html.parser.HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.fields, self._text_name, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._text_name = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if "selected" in attrs or self._select not in self.fields:
                self.fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._text_name = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._text_name:
            self.fields[self._text_name] += data
