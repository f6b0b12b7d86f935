"""benchmarks.parser_ab: each version is its own package, and both parse the same texts."""
import sys

from benchmarks import parser_ab


def test_two_versions_load_as_separate_packages_and_both_parse(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    base = parser_ab.copy_package("HEAD", tmp_path, "parser_ab_test_base")
    other = parser_ab.copy_package(None, tmp_path, "parser_ab_test_other")
    try:
        assert base.parse_cable is not other.parse_cable
        assert base.__file__.startswith(str(tmp_path)) and other.__file__.startswith(str(tmp_path))
        text = next((parser_ab.REPO / "samples").glob("*.txt")).read_text()
        base_speeds, other_speeds = parser_ab.compare(base, other, [text], pairs=3)
        assert len(base_speeds) == len(other_speeds) == 3
        assert base.parse_cable(text, {}).fields == other.parse_cable(text, {}).fields
    finally:
        for name in [name for name in sys.modules if name.startswith("parser_ab_test_")]:
            del sys.modules[name]


def test_small_and_large_are_the_shortest_and_longest_quarters():
    texts = parser_ab.chosen_texts("corpus", "/nonexistent")   # falls back to the repo's texts
    small = parser_ab.chosen_texts("small", "/nonexistent")
    large = parser_ab.chosen_texts("large", "/nonexistent")
    assert len(small) == len(large) == len(texts) // 4
    assert max(map(len, small)) <= min(map(len, large))
