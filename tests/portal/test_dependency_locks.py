"""The locks (``requirements.lock``, ``requirements-dev.lock``) that ``make run`` and ``make test`` install from
hold every direct dependency at its pinned version, each with hashes.

A dependency added to ``requirements.txt`` or ``requirements-dev.txt`` without ``make lock`` fails here.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#\\]+)")


def _name(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    """``{normalised name: version}`` of the ``name==version`` lines of a requirements file."""
    found = {}
    for line in (ROOT / path).read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[_name(match.group(1))] = match.group(2)
    return found


@pytest.mark.parametrize(
    ("requirements", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_every_pinned_dependency_is_in_its_lock(requirements, lock):
    wanted = pins(requirements)
    locked = pins(lock)
    stale = {name: version for name, version in wanted.items() if locked.get(name) != version}
    assert wanted, f"no pinned dependency read from {requirements}"
    assert stale == {}, f"{lock} is stale for {sorted(stale)}: run `make lock` and commit both locks"


def test_the_dev_lock_includes_the_runtime_lock():
    runtime = pins("requirements.lock")
    dev = pins("requirements-dev.lock")
    assert runtime, "requirements.lock is empty"
    assert {name: dev.get(name) for name in runtime} == runtime


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_hashes(lock):
    text = (ROOT / lock).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text.startswith("#") else text)
    unhashed = [entry.split("==")[0] for entry in entries if PIN.match(entry) and "--hash=sha256:" not in entry]
    assert unhashed == []
