"""The dependency lock: every package pinned with hashes, and in step with the hand-edited
requirements (make lock re-pins; make and CI install with --require-hashes)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _entries(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) for a pip-compile --generate-hashes file."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = _norm(match.group(1))
            entries[current] = (match.group(2), [])
        elif current and line.strip().startswith("--hash=sha256:"):
            entries[current][1].append(line.strip().split(":", 1)[1].rstrip(" \\"))
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"{path.name}: unexpected line {line!r}")
    return entries


def _inputs(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[_norm(match.group(1))] = match.group(2)
    return pins


def test_every_locked_package_is_pinned_with_a_hash():
    for name in ("requirements.lock", "requirements-dev.lock"):
        entries = _entries(ROOT / name)
        assert len(entries) > 40, name
        for package, (version, hashes) in entries.items():
            assert hashes, f"{name}: {package}=={version} has no hash"
            assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), package


def test_the_locks_agree_with_the_requirements_and_each_other():
    runtime = _entries(ROOT / "requirements.lock")
    dev = _entries(ROOT / "requirements-dev.lock")
    for package, version in _inputs(ROOT / "requirements.txt").items():
        assert runtime[package][0] == version, f"{package}: run `make lock`"
    for package, version in _inputs(ROOT / "requirements-dev.txt").items():
        assert dev[package][0] == version, f"{package}: run `make lock`"
    for package, (version, _) in runtime.items():
        assert dev[package][0] == version, f"{package}: the dev lock must include the runtime one"


def test_make_installs_with_require_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes --no-deps -r requirements.lock" in makefile
    assert "--require-hashes --no-deps -r requirements-dev.lock" in makefile
    assert not re.search(r"pip install[^\n]*-r requirements(-dev)?\.txt", makefile)
