"""haproxy in front of several gunicorn instances on 127.0.0.1, round robin: the shape of a
deployment beyond one machine, for the two-instance test and `bench.load --instances`.

Debian's haproxy (`apt-get install -y haproxy`); HAPROXY_PATH names another binary. Each
answer carries `X-Served-By: <instance>` so that a client can see where it was served.
"""

import os
import shutil
import subprocess
from pathlib import Path

HAPROXY = os.environ.get("HAPROXY_PATH", "/usr/sbin/haproxy")


def haproxy_available() -> bool:
    return shutil.which(HAPROXY) is not None


def haproxy_config(*, port: int, instances: dict[str, int]) -> str:
    """A frontend on 127.0.0.1:`port` and one round-robin backend with the `instances`
    (name: port), each health-checked on /healthz."""
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{instance_port} check inter 1s fall 2 rise 1"
        for name, instance_port in instances.items()
    )
    return f"""\
global
    maxconn 512

defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 60s
    timeout server 60s

frontend menteo
    bind 127.0.0.1:{port}
    default_backend web

backend web
    balance roundrobin
    option httpchk GET /healthz
    http-response set-header X-Served-By %s
{servers}
"""


def haproxy_command(config: str, directory: Path) -> list[str]:
    """Write `config` into `directory`, check it, and return the command that runs haproxy
    with it in the foreground (its log on stderr)."""
    path = directory / "haproxy.cfg"
    path.write_text(config)
    subprocess.run([HAPROXY, "-c", "-q", "-f", str(path)], check=True)
    return [HAPROXY, "-db", "-f", str(path)]
