"""Plain helpers of the end-to-end tests: where screenshots and reports go, how Chromium is launched,
and ``serving(app)``, which runs the app on a real HTTP server (werkzeug's threaded server in a daemon
thread) on a free localhost port for as long as the ``with`` block lasts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app on 127.0.0.1 on a free port; yields its base URL, and shuts the server down after."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
