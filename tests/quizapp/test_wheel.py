"""The wheel: templates, static files, migrations and the seed article are inside it, and an installed
wheel serves the home page from its own files (not from this checkout)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from markupsafe import escape

from tests.quizapp.test_cli import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    assert (ROOT / "README.md").is_file(), "README.md is missing: pyproject's readme, hatchling needs it"
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: build with the hatchling already installed, so the test needs no network
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(out.glob("quizapp-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_the_wheel_holds_templates_static_migrations_and_the_seed(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "quizapp/templates/base.html",
        "quizapp/templates/quiz/feedback.html",
        "quizapp/templates/library/article.html",
        "quizapp/static/css/app.css",
        "quizapp/migrations/env.py",
        "quizapp/migrations/alembic.ini",
        "quizapp/migrations/versions/0001_base.py",
        "quizapp/seed/000_4df508d8d7a01fc2.txt",
        "quizapp/__init__.py",
        "quizapp/cli.py",
        "quizapp/core/data/common-passwords.txt",  # the password check's list
        "quizapp/classroom/views.py",
        "questions/__init__.py",
        "questions/formats/fonts/DejaVuSans.ttf",  # the PDF worksheet's font
        "questions/formats/fonts/LICENSE-DejaVu.txt",
    ):
        assert required in names, required
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "quizapp = quizapp.launch:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_serves_the_home_page(wheel, tmp_path, generated_seed_bank):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the dependencies come from this environment; the wheel itself is installed on its own (--no-deps)
    (site / "_quizapp_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    where = subprocess.run(
        [str(python), "-c", "import quizapp, questions; print(quizapp.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert where.startswith(str(venv)), where

    port = free_port()
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("QUIZAPP_") and k not in ("DATABASE_URL", "PYTHONPATH")
    }
    proc = subprocess.Popen(
        [str(venv / "bin" / "quizapp"), "serve", "--port", str(port), "--workers", "1"],
        cwd=run_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        home = wait_for(f"http://127.0.0.1:{port}/", proc)
        assert "Library" in home and str(escape(generated_seed_bank.article.title)) in home
        css = wait_for(f"http://127.0.0.1:{port}/static/css/app.css", proc)
        assert ".excerpt-mark:target" in css
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
    # the instance folder is ./instance beside where it was started
    assert (run_dir / "instance" / "quizapp.sqlite").is_file()
    assert (run_dir / "instance" / "secret_key").is_file()
