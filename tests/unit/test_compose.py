"""compose.yaml as `docker compose up` reads it: web and worker (every replica) share one volume for the bulk and
privacy files, since an upload taken by web is processed by the worker and an export the worker writes is
downloaded through web. `docker compose config` (or docker-compose) validates the file when installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def services() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "compose.yaml").read_text())["services"])


def mounts(service: dict[str, Any]) -> dict[str, PurePosixPath]:
    found = {}
    for spec in service.get("volumes", []):
        source, target = spec.split(":")[:2]
        found[source] = PurePosixPath(target)
    return found


@pytest.mark.parametrize("setting", ["BULK_FILES_DIR", "PRIVACY_FILES_DIR"])
def test_web_and_worker_share_a_named_volume_for_the_files(setting: str) -> None:
    web, worker = services()["web"], services()["worker"]
    assert web["environment"][setting] == worker["environment"][setting]
    directory = PurePosixPath(web["environment"][setting])
    shared = {
        name
        for name, target in mounts(web).items()
        if mounts(worker).get(name) == target and directory.is_relative_to(target)
    }
    assert shared, f"{setting} ({directory}) is on no volume web and worker both mount"
    declared = yaml.safe_load((ROOT / "compose.yaml").read_text())["volumes"]
    assert shared <= set(declared)


def test_the_image_lets_the_app_user_write_to_the_shared_directory() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "mkdir -p /app/var /app/files" in dockerfile and "chown -R app:app /app/var /app/files" in dockerfile


def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    command = next(
        (c for c in (["docker", "compose"], ["docker-compose"]) if shutil.which(c[0]) and compose_works(c)), None
    )
    if command is None:
        pytest.skip("neither `docker compose` nor docker-compose is installed")
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    done = subprocess.run(
        [*command, "-f", str(ROOT / "compose.yaml"), "--project-directory", str(tmp_path), "config", "-q"],
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "POSTGRES_PASSWORD": "only-for-the-check"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def compose_works(command: list[str]) -> bool:
    return subprocess.run([*command, "version"], capture_output=True, timeout=30).returncode == 0
