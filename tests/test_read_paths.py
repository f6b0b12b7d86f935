"""A local file's key (`transforms.read._file_key`) is its resolved path, as os.path.realpath
gives it, however the path is spelled; hard links stay two files."""
import os

from transforms.read import _file_key, _folder_key, match_each_file_once


def _tree(root):
    """Folders, a folder link, file links (one to a link, one dangling), a hard link."""
    (root / "day" / "sub").mkdir(parents=True)
    for name in ("x.txt", "y.txt"):
        (root / "day" / name).write_text(name)
    (root / "day" / "sub" / "z.txt").write_text("z")
    (root / "alias").symlink_to(root / "day")
    (root / "relative-alias").symlink_to("day")
    (root / "day" / "link.txt").symlink_to("x.txt")
    (root / "day" / "link-to-link.txt").symlink_to(root / "day" / "link.txt")
    (root / "day" / "dangling.txt").symlink_to("nowhere.txt")
    (root / "day" / "up.txt").symlink_to(os.path.join("sub", "..", "y.txt"))
    os.link(root / "day" / "y.txt", root / "day" / "hard.txt")


def test_a_local_key_is_the_resolved_path(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    names = ["x.txt", "y.txt", "link.txt", "link-to-link.txt", "dangling.txt", "up.txt",
             "hard.txt", "sub/z.txt", "sub/../x.txt", "missing.txt", ".", ".."]
    folders = ["day", "./day", "day/", "day//", "alias", "relative-alias", "day/sub/..",
               str(tmp_path / "day"), str(tmp_path / "alias"), f"{tmp_path}//alias/./"]
    resolved_folders = {}
    for folder in folders:
        for name in names:
            path = folder.rstrip("/") + "/" + name if not folder.endswith("//") else folder + name
            assert _file_key(path, resolved_folders) == os.path.realpath(path), path
    monkeypatch.chdir(tmp_path / "day")
    for path in ["x.txt", "link.txt", "./up.txt", "sub/z.txt", "../alias/x.txt"]:
        assert _file_key(path, {}) == os.path.realpath(path), path
    assert _file_key("gs://bucket//day/./x.txt", {}) == "gs://bucket//day/./x.txt"


def test_each_file_is_matched_once_and_hard_links_are_two_files(tmp_path):
    _tree(tmp_path)
    matched = [m.path for m in match_each_file_once(
        [str(tmp_path / "day" / "*.txt"), str(tmp_path / "alias" / "x.txt"),
         f"{tmp_path}/relative-alias//y.txt", str(tmp_path / "day" / "sub" / ".." / "hard.txt")])]
    # link.txt and link-to-link.txt are x.txt, up.txt is y.txt; dangling.txt is matched (its
    # read makes an `unreadable` dead letter: no name of the drop vanishes)
    assert len(matched) == 4
    assert sorted(os.path.realpath(path) for path in matched) == [
        str(tmp_path / "day" / name) for name in ("hard.txt", "nowhere.txt", "x.txt", "y.txt")]


def test_no_file_of_the_output_folder_is_an_input_however_its_path_is_spelled(tmp_path, caplog):
    """`--input 'drop/**' --output drop/out`: the output's files (an earlier run's records, its
    summary, the lock) are left out, and said so; the drop's own files are all matched."""
    _tree(tmp_path)
    out = tmp_path / "day" / "sub" / "out"
    (out / "cables").mkdir(parents=True)
    (out / "cables" / "part-0.avro").write_bytes(b"Obj\x01")
    (out / "_SUMMARY.json").write_text("{}")
    expected = sorted(os.path.realpath(m.path) for m in match_each_file_once(
        [str(tmp_path / "day" / "**")]) if "/out/" not in m.path)
    for outside in (str(out), str(out) + "/", str(tmp_path / "alias" / "sub" / "out"),
                    str(tmp_path / "day" / "sub" / ".." / "sub" / "out")):
        caplog.clear()
        matched = [m.path for m in match_each_file_once([str(tmp_path / "day" / "**")], outside)]
        assert sorted(os.path.realpath(path) for path in matched) == expected, outside
        assert "2 files matched by --input are in the output folder" in caplog.text
    assert str(tmp_path / "day" / "sub" / "z.txt") in expected   # a sibling of the output stays
    assert _folder_key("gs://bucket/drop/out") == _folder_key("gs://bucket/drop/out/") \
        == "gs://bucket/drop/out/"
    assert not "gs://bucket/drop/out-old/x.txt".startswith(_folder_key("gs://bucket/drop/out"))


def test_a_glob_leaving_out_hidden_names_does_so_in_subfolders_too(tmp_path, capsys, monkeypatch):
    """docs/guarantees.md and README's recipe for a local drop: `**` matches hidden names (an
    rsync's `.NAME.XXXXXX` being written, macOS `._NAME`); `DROP/**/[!.]*` leaves them out in
    DROP and in every subfolder, and keeps a file directly in DROP (`X/**/Y` matches `X/Y`)."""
    import json

    from conftest import SAMPLES
    from pipeline import cli

    with open(os.path.join(SAMPLES, "06ALMATY2404.txt"), "rb") as stream:
        cable = stream.read()
    for name in ("top.txt", ".top.txt.Ab12Cd", "day/a.txt", "day/.a.txt.Xy34Zw",
                 "day/._a.txt", "day/sub/b.txt"):
        (tmp_path / "drop" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "drop" / name).write_bytes(cable)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["parse", "drop/**/[!.]*"]) == 0
    read = sorted(json.loads(line)["source"]["uri"]
                  for line in capsys.readouterr().out.splitlines())
    assert read == ["drop/day/a.txt", "drop/day/sub/b.txt", "drop/top.txt"]
