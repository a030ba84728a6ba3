"""The site as the bench measures it: gunicorn on 127.0.0.1 with DEBUG off,
wrk against it, and a small keep-alive HTTP client for the parts that read
headers or log in."""

from __future__ import annotations

import http.client
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.conf import settings

#: The bare view each page is compared with: a plain function view, no
#: database and no template, behind the same middleware (newsroom/urls.py).
BASELINE = "/robots.txt"


class ServerError(Exception):
    pass


def environment(cache_seconds: int) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "NEWSROOM_PAGE_CACHE_SECONDS": str(cache_seconds),
        "AXES_LOG_LEVEL": "ERROR",
        # Not "Gone" and "Not Found" for every withdrawn story asked for.
        "LOG_LEVEL": "ERROR",
    }


def collect_static() -> None:
    """The server runs with DEBUG off: it needs the hashed static manifest."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=environment(0),
        check=True,
    )


class Gunicorn:
    """`with Gunicorn(port, workers, cache_seconds):` serves the site."""

    def __init__(self, port: int, workers: int, cache_seconds: int):
        self.port, self.workers, self.cache_seconds = port, workers, cache_seconds
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=environment(self.cache_seconds),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError("gunicorn 启动失败（端口被占用？）。")
            try:
                urllib.request.urlopen(self.base + BASELINE, timeout=5).read()
                return self
            except OSError:
                time.sleep(0.3)
        self.process.terminate()
        raise ServerError("gunicorn 60 秒内没有启动。")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class WrkRound:
    rps: float
    p50: str
    p99: str
    errors: int  # non-2xx/3xx answers and socket errors


@dataclass
class Figure:
    """A page's rounds and their median."""

    rounds: list[WrkRound]

    @property
    def rps(self) -> float:
        return statistics.median(r.rps for r in self.rounds)

    @property
    def middle(self) -> WrkRound:
        return sorted(self.rounds, key=lambda r: r.rps)[len(self.rounds) // 2]

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.rounds)


#: wrk takes one URL; this script walks a list of paths instead (one Lua
#: state per wrk thread, each starting at its own place in the list).
ROTATE = """
paths = {%s}
local i = 0
function setup(thread) thread:set("start", math.random(#paths)) end
function init(args) i = start or 1 end
function request()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk(base: str, paths: list[str], *, duration: int, threads: int, connections: int):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        # wrk gives up on an answer after 2 s by default and leaves it out of
        # the latencies; a slow page is to be measured, not dropped.
        "--timeout",
        "35s",
        "--latency",
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(ROTATE % ", ".join(lua_string(p) for p in paths))
    try:
        out = subprocess.run(
            [*command, "-s", script.name, base + paths[0]],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    return parse_wrk(out)


def parse_wrk(out: str) -> WrkRound:
    """Requests a second, p50 and p99 and the failed answers of wrk's report."""
    errors = 0
    if found := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(found.group(1))
    if found := re.search(r"Socket errors:(.*)", out):
        errors += sum(int(n) for n in re.findall(r"\d+", found.group(1)))
    return WrkRound(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        # The latency distribution's own lines, not a "+/- Stdev" of 87.50%.
        p50=_latency(out, "50%"),
        p99=_latency(out, "99%"),
        errors=errors,
    )


def _latency(out: str, share: str) -> str:
    found = re.search(rf"^\s*{share}\s+(\S+)\s*$", out, re.M)
    return found.group(1) if found else "—"


class Client:
    """One keep-alive connection that keeps its cookies (sent back whatever
    their Secure flag: the bench speaks plain HTTP to 127.0.0.1)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(
        self, method: str, path: str, body: dict | None = None, headers=None, retry=True
    ):
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # The server closed an idle keep-alive connection: once more.
                self.connection.close()
                if attempt or not retry:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, content

    def get(self, path: str):
        return self.request("GET", path)

    def timed_get(self, path: str) -> tuple[float, int]:
        """Milliseconds to the whole answer, and its status: 0 when none
        came (gunicorn kills a worker after 30 seconds)."""
        started = time.perf_counter()
        try:
            response, _ = self.request("GET", path, retry=False)
            status = response.status
        except (http.client.HTTPException, OSError):
            self.connection.close()
            status = 0
        return (time.perf_counter() - started) * 1000, status

    def close(self):
        self.connection.close()


def pad(text: str, width: int, *, right: bool = False) -> str:
    """`text` padded to `width` columns of a terminal, where a Han
    character takes two."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    space = " " * max(0, width - used)
    return space + text if right else text + space


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: `fraction` of the values are at most it."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]
