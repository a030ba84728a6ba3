"""deploy/nginx.conf in front of the live site.

The real config, its marked values pointed at a temporary directory, is
checked with `nginx -t` and then run by a real nginx (a child process on
free ports, with its own pid, logs, cache and temporary files) in front of
pytest-django's live server: static files, X-Forwarded-Proto, the
micro-cache and what it must never keep, the upload limits, and which
media files readers, staff and nobody get. The system's nginx is never
touched.
"""

import datetime
import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path
from django.utils import timezone

from articles.models import Edition, Page

from .factories import PublishedArticleFactory, UserFactory

CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)),
    None,
)
OPENSSL = shutil.which("openssl")

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed"),
    pytest.mark.skipif(OPENSSL is None, reason="openssl is not installed"),
]


# The upstream's own answers with the Cache-Control headers the micro-cache
# must honour, each with a body that differs on every request, so a copy
# served from the cache shows. Tests that need them make this module the
# live server's URLconf.
def probe(request, kind):
    response = HttpResponse(uuid.uuid4().hex)
    response["Cache-Control"] = {
        "private": "private, max-age=60",
        "no-store": "no-store",
        "no-cache": "public, no-cache, max-age=60",
        "zero": "public, max-age=60, s-maxage=0",
        "none": None,
        "public": "public, max-age=0, s-maxage=60",
        "short": "public, s-maxage=2",
    }[kind]
    if response["Cache-Control"] is None:
        del response["Cache-Control"]
    return response


urlpatterns = [
    path("nginx-probe/<str:kind>/", probe),
    path("", include("newsroom.urls")),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_version():
    output = subprocess.run(
        [NGINX, "-v"], capture_output=True, text=True, check=True
    ).stderr
    return tuple(
        int(n) for n in re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", output).groups()
    )


def mime_types():
    """The mime.types beside the system nginx's config, or a few types."""
    output = subprocess.run([NGINX, "-V"], capture_output=True, text=True).stderr
    found = re.search(r"--conf-path=(\S+)", output)
    if found and (Path(found[1]).parent / "mime.types").exists():
        return f"include {Path(found[1]).parent / 'mime.types'};"
    return (
        "types { text/html html; text/css css; application/javascript js; "
        "image/jpeg jpg jpeg; image/png png; application/pdf pdf; }"
    )


def render_conf(directory, *, upstream_port, http_port, https_port):
    """deploy/nginx.conf with every value marked `# adapt` pointed here."""
    text = CONF.read_text()
    values = {
        "127.0.0.1:8000": f"127.0.0.1:{upstream_port}",
        "news.example.cn": "localhost",
        "/etc/ssl/newsroom/fullchain.pem": str(directory / "cert.pem"),
        "/etc/ssl/newsroom/privkey.pem": str(directory / "key.pem"),
        "/srv/newsroom/staticfiles": str(directory / "static"),
        "/srv/newsroom/media": str(directory / "media"),
        "/var/cache/nginx/newsroom": str(directory / "cache"),
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
    }
    # Every value marked to adapt is one the test points here, so the test
    # never runs with a path of the machine it runs on.
    for line in text.splitlines():
        if line.rstrip().endswith("# adapt") and not line.lstrip().startswith("#"):
            assert any(value in line for value in values), line
    for value, replacement in values.items():
        assert value in text, f"deploy/nginx.conf no longer holds {value!r}"
        text = text.replace(value, replacement)
    (directory / "newsroom.conf").write_text(text)
    user = ""
    if os.geteuid() == 0:  # workers would otherwise drop to nobody
        user = "user root;"
    temp = "\n".join(
        f"  {kind}_temp_path {directory / 'temp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = directory / "nginx.conf"
    main.write_text(
        f"""{user}
worker_processes 1;
error_log {directory / "error.log"} warn;
events {{ worker_connections 128; }}
http {{
  {mime_types()}
  default_type application/octet-stream;
  access_log off;
{temp}
  include {directory / "newsroom.conf"};
}}
"""
    )
    return main


@pytest.fixture(scope="module")
def nginx(live_server, tmp_path_factory):
    directory = tmp_path_factory.mktemp("nginx")
    for name in ("static", "media", "cache", "temp"):
        (directory / name).mkdir()
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
         "/CN=localhost", "-keyout", str(directory / "key.pem"),
         "-out", str(directory / "cert.pem")],
        capture_output=True, check=True,
    )  # fmt: skip
    http_port, https_port = free_port(), free_port()
    main = render_conf(
        directory,
        upstream_port=urlsplit(live_server.url).port,
        http_port=http_port,
        https_port=https_port,
    )
    command = [NGINX, "-p", str(directory), "-c", str(main)]
    if nginx_version() >= (1, 19, 5):  # -e: no write to the system's error log
        command += ["-e", str(directory / "error.log")]
    checked = subprocess.run(command + ["-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        command + ["-g", f"daemon off; pid {directory / 'nginx.pid'};"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.05)
    yield {
        "http": http_port,
        "https": https_port,
        "static": directory / "static",
        "media": directory / "media",
    }
    process.send_signal(signal.SIGQUIT)  # graceful: workers finish, then exit
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch(port, target, *, tls=True, headers=(), method="GET", body=None):
    """One request to nginx as a reader's browser at https://localhost/."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own certificate
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, context=context, timeout=20
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(
            method, target, body=body, headers={"Host": "localhost", **dict(headers)}
        )
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.fixture
def site(transactional_db, settings, nginx):
    """The live site as it runs behind nginx: the proxy on this machine
    trusted, so its X-Forwarded-* count."""
    settings.NEWSROOM_TRUSTED_PROXIES = ["127.0.0.1"]
    return nginx


def canonical(body):
    return re.search(rb'<link rel="canonical" href="([^"]+)"', body)[1].decode()


def test_nginx_accepts_the_config(nginx):
    """`nginx -t` passed in the fixture; the server answers on both ports."""
    status, headers, _ = fetch(nginx["http"], "/article/1/", tls=False)
    assert status == 301
    assert headers["Location"] == "https://localhost/article/1/"


def test_static_files_come_from_static_root_with_their_cache_headers(site):
    static = site["static"]
    (static / "css").mkdir(exist_ok=True)
    css = b"body { color: #222; }\n" * 100
    (static / "css" / "site.css").write_bytes(css)
    # The name collectstatic's manifest gives the file (a 12-digit hash).
    hashed = ManifestStaticFilesStorage(location=static).hashed_name("css/site.css")
    (static / hashed).write_bytes(css)

    status, headers, body = fetch(site["https"], f"/static/{hashed}")
    assert (status, body) == (200, css)
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"] == "text/css"
    assert headers["X-Cache-Status"] is None  # nginx's own file, not Django's

    status, headers, body = fetch(site["https"], "/static/css/site.css")
    assert (status, body) == (200, css)
    assert headers["Cache-Control"] == "public, max-age=3600"

    status, headers, body = fetch(
        site["https"], f"/static/{hashed}", headers={"Accept-Encoding": "gzip"}
    )
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == css


def test_django_sees_the_scheme_nginx_was_reached_by(site, settings):
    story = PublishedArticleFactory()
    url = story.get_absolute_url()

    _status, _headers, body = fetch(site["https"], url)
    assert canonical(body) == f"https://localhost{url}"

    # A client's own X-Forwarded-Proto is replaced by nginx's.
    from django.core.cache import cache

    cache.clear()
    _status, _headers, body = fetch(
        site["https"], url + "?spoof", headers={"X-Forwarded-Proto": "http"}
    )
    assert canonical(body) == f"https://localhost{url}"

    # And the setting must agree: a proxy Django does not trust is not
    # believed (README, Deployment).
    settings.NEWSROOM_TRUSTED_PROXIES = []
    cache.clear()
    _status, _headers, body = fetch(site["https"], url + "?untrusted")
    assert canonical(body) == f"http://localhost{url}"


def test_an_anonymous_story_page_is_served_from_the_micro_cache(site):
    url = PublishedArticleFactory(headline="缓存里的稿件").get_absolute_url()

    status, first, body = fetch(site["https"], url, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert first["X-Cache-Status"] == "MISS"
    assert "s-maxage=" in first["Cache-Control"]  # the app's, passed on
    assert first["Content-Encoding"] == "gzip"
    assert "缓存里的稿件" in gzip.decompress(body).decode()

    status, second, again = fetch(
        site["https"], url, headers={"Accept-Encoding": "gzip"}
    )
    assert (status, second["X-Cache-Status"]) == (200, "HIT")
    assert again == body


def test_a_reader_with_a_session_or_csrf_cookie_is_never_served_or_kept(site):
    url = PublishedArticleFactory().get_absolute_url()
    user = UserFactory()
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value

    for cookie in (f"sessionid={session}", "theme=dark; csrftoken=abc"):
        _status, headers, _ = fetch(site["https"], url, headers={"Cookie": cookie})
        assert headers["X-Cache-Status"] == "BYPASS"
    # Neither answer was kept: the next anonymous reader is a miss.
    assert fetch(site["https"], url)[1]["X-Cache-Status"] == "MISS"
    assert fetch(site["https"], url)[1]["X-Cache-Status"] == "HIT"
    # A cached page is not served to someone signed in either.
    cookie = {"Cookie": f"sessionid={session}"}
    assert fetch(site["https"], url, headers=cookie)[1]["X-Cache-Status"] == "BYPASS"
    # Another cookie (analytics, the theme) changes nothing.
    other = {"Cookie": "theme=dark"}
    assert fetch(site["https"], url, headers=other)[1]["X-Cache-Status"] == "HIT"


def test_the_language_cookie_has_its_own_copy(site):
    url = PublishedArticleFactory().get_absolute_url()
    _s, chinese, _b = fetch(site["https"], url)
    _s, english, _b = fetch(
        site["https"], url, headers={"Cookie": "django_language=en"}
    )
    assert english["X-Cache-Status"] == "MISS"
    assert (chinese["Content-Language"], english["Content-Language"]) == (
        "zh-hans",
        "en",
    )
    _s, again, _b = fetch(site["https"], url, headers={"Cookie": "django_language=en"})
    assert (again["X-Cache-Status"], again["Content-Language"]) == ("HIT", "en")


def test_the_admin_is_never_cached(site):
    for _ in range(2):
        status, headers, body = fetch(site["https"], "/admin/login/")
        assert status == 200
        assert headers["X-Cache-Status"] is None
        assert "csrftoken" in headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("kind", "kept"),
    [
        ("private", False),
        ("no-store", False),
        ("no-cache", False),
        ("zero", False),  # s-maxage=0: not for a shared cache, whatever max-age
        ("none", False),  # no lifetime named: nginx sets none of its own
        ("public", True),  # s-maxage governs a shared cache, not max-age=0
    ],
)
def test_the_micro_cache_keeps_only_what_cache_control_allows(
    site, settings, kind, kept
):
    settings.ROOT_URLCONF = __name__
    target = f"/nginx-probe/{kind}/"
    _s, first, body = fetch(site["https"], target)
    _s, second, again = fetch(site["https"], target)
    assert first["X-Cache-Status"] == "MISS"
    assert second["X-Cache-Status"] == ("HIT" if kept else "MISS")
    assert (again == body) is kept


def test_the_micro_cache_keeps_a_page_no_longer_than_its_s_maxage(site, settings):
    settings.ROOT_URLCONF = __name__
    _s, first, body = fetch(site["https"], "/nginx-probe/short/")
    _s, second, again = fetch(site["https"], "/nginx-probe/short/")
    assert (first["X-Cache-Status"], second["X-Cache-Status"]) == ("MISS", "HIT")
    assert again == body
    # nginx counts whole seconds: 2 s keeps the second request inside the
    # lifetime whenever the first came, and 3.2 s later it is past it.
    time.sleep(3.2)
    _s, later, _b = fetch(site["https"], "/nginx-probe/short/")
    # Expired: fetched again (a reader may get the old copy once meanwhile).
    assert later["X-Cache-Status"] in ("EXPIRED", "STALE", "UPDATING")


def test_upload_limits(site):
    too_big = b"x" * (13 * 1024 * 1024)
    status, _h, _b = fetch(site["https"], "/search/", method="POST", body=too_big)
    assert status == 413  # refused by nginx: readers post no such thing
    status, _h, body = fetch(
        site["https"],
        "/admin/login/",
        method="POST",
        body=too_big,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert status == 403  # reached Django, which wants its CSRF token
    assert "CSRF" in body.decode() or "表单" in body.decode()


def _epaper_page(media, day, number=1):
    name = f"epaper/{day:%Y/%m/%d}/{number:02d}.jpg"
    edition = Edition.objects.create(date=day)
    Page.objects.create(edition=edition, number=number, name="要闻", image=name)
    (media / name).parent.mkdir(parents=True, exist_ok=True)
    (media / name).write_bytes(b"\xff\xd8page " + name.encode())
    return f"/media/{name}", b"\xff\xd8page " + name.encode()


def test_media_readers_get_only_shown_editions(site):
    today = timezone.localdate()
    shown, shown_bytes = _epaper_page(site["media"], today)
    ahead, ahead_bytes = _epaper_page(site["media"], today + datetime.timedelta(days=1))
    original = site["media"] / "photos" / "2026" / "12" / "original.jpg"
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"\xff\xd8original with GPS")
    rendition = site["media"] / "renditions" / "1" / "abc" / "320.jpg"
    rendition.parent.mkdir(parents=True, exist_ok=True)
    rendition.write_bytes(b"\xff\xd8rendition")

    status, headers, body = fetch(site["https"], shown)
    assert (status, body) == (200, shown_bytes)
    assert headers["Content-Type"] == "image/jpeg"
    assert fetch(site["https"], ahead)[0] == 403
    assert fetch(site["https"], "/media/photos/2026/12/original.jpg")[0] == 403
    assert fetch(site["https"], "/media/renditions/1/abc/320.jpg")[0] == 404
    assert fetch(site["https"], "/media/epaper/../photos/2026/12/original.jpg")[0] in (
        400,
        403,
        404,
    )

    # Staff signed in get tomorrow's page (made up ahead of time) and the
    # originals, as downloads.
    client = Client()
    client.force_login(UserFactory())
    staff = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    status, headers, body = fetch(site["https"], ahead, headers=staff)
    assert (status, body) == (200, ahead_bytes)
    status, headers, body = fetch(
        site["https"], "/media/photos/2026/12/original.jpg", headers=staff
    )
    assert (status, body) == (200, b"\xff\xd8original with GPS")
    assert headers["Content-Disposition"] == "attachment"
    assert headers["Content-Type"] == "image/jpeg"
    # A reader's account that is not staff: no.
    reader = Client()
    reader.force_login(UserFactory(is_staff=False))
    outsider = {"Cookie": f"sessionid={reader.cookies['sessionid'].value}"}
    assert fetch(site["https"], ahead, headers=outsider)[0] == 403
