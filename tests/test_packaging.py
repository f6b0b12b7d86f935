"""Packaging for Dataflow workers: our top-level packages must not collide with any dependency's.

Workers install the package built from setup.py (--setup_file) next to Beam and its
dependencies, in one site-packages. A dependency that also installs a top-level `pipeline`,
`schemas` or `transforms` would shadow ours, or be shadowed, depending on install order.
"""
import importlib.metadata
import os

import pytest

import pipeline
import schemas
import transforms

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUR_PACKAGES = ("pipeline", "schemas", "transforms")
OUR_DISTRIBUTION = "cable-ingest"


def _normalized(name: str) -> str:
    return name.lower().replace("_", "-")


def _top_level_names(distribution) -> set:
    """Top-level importable names a distribution installs (from top_level.txt or its files)."""
    listed = distribution.read_text("top_level.txt")
    names = set(listed.split()) if listed else set()
    for path in distribution.files or ():
        first = path.parts[0]
        if first.endswith((".dist-info", ".egg-info", ".data")) or first in ("..", "__pycache__"):
            continue
        if len(path.parts) > 1 or first.endswith((".py", ".so", ".pyd")):
            names.add(first.split(".", 1)[0])
    return names


def _other_distributions():
    return [d for d in importlib.metadata.distributions()
            if _normalized(d.metadata["Name"] or "") != OUR_DISTRIBUTION]


def test_the_environment_has_the_dependencies_installed():
    names = {_normalized(d.metadata["Name"] or "") for d in _other_distributions()}
    assert {"apache-beam", "fastavro", "google-cloud-storage"} <= names


@pytest.mark.parametrize("package", OUR_PACKAGES)
def test_no_dependency_installs_our_top_level_names(package):
    owners = sorted(d.metadata["Name"] for d in _other_distributions()
                    if package in _top_level_names(d))
    assert owners == []


@pytest.mark.parametrize("module", [pipeline, schemas, transforms], ids=OUR_PACKAGES)
def test_our_packages_are_imported_from_this_repo(module):
    assert os.path.dirname(os.path.dirname(os.path.abspath(module.__file__))) == REPO


def test_top_level_name_detection_finds_real_packages():
    beam = importlib.metadata.distribution("apache-beam")
    assert "apache_beam" in _top_level_names(beam)


def test_setup_ships_exactly_our_packages():
    from setuptools import find_packages

    found = find_packages(REPO, include=["pipeline", "pipeline.*", "schemas", "schemas.*",
                                         "transforms", "transforms.*"])
    assert {name.split(".")[0] for name in found} == set(OUR_PACKAGES)


def test_the_files_started_first_are_test_files_of_this_suite():
    """conftest's SLOWEST_FIRST is kept by hand: a renamed or removed file would only start late."""
    from tests.conftest import SLOWEST_FIRST

    here = os.path.join(REPO, "tests")
    assert [name for name in SLOWEST_FIRST if not os.path.isfile(os.path.join(here, name))] == []
