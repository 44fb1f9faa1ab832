"""litreview.memo: a drawing call made again with the same arguments writes the stored bytes
instead of drawing; anything else (other arguments, other code, a damaged store) draws."""

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from litreview.figures import draw_all
from litreview.memo import DrawingStore, call_key, output_paths

CALLS: list[str] = []


def write_greeting(name: str, path: str) -> Path:
    """A stand-in for a figure: its bytes follow from its arguments; each call is counted."""
    CALLS.append(name)
    Path(path).write_text(f"hello {name}\n", encoding="utf-8")
    return Path(path)


def write_pair(frame: pd.DataFrame, stem: str) -> dict:
    CALLS.append(stem)
    csv, txt = Path(stem + ".csv"), Path(stem + ".txt")
    frame.to_csv(csv, index=False)
    txt.write_text(str(len(frame)), encoding="utf-8")
    return {"csv": csv, "txt": txt}


@pytest.fixture(autouse=True)
def no_calls():
    CALLS.clear()


def run(store_path, calls, salt="v1"):
    store = DrawingStore(store_path, salt=salt, root=Path(store_path).parent)
    results = draw_all(calls, workers=1, store=store)
    return store, results


def test_second_run_writes_stored_bytes_without_drawing(tmp_path):
    out = tmp_path / "figs"
    out.mkdir()
    calls = [(write_greeting, ("ada", str(out / "a.txt")), {})]
    store, results = run(tmp_path / "memo.zip", calls)
    assert CALLS == ["ada"] and (store.drawn, store.restored) == (1, 0)
    assert results == [[out / "a.txt"]]
    # Snakemake deletes a rule's ordinary outputs before the job: the store brings them back.
    (out / "a.txt").unlink()
    store, results = run(tmp_path / "memo.zip", calls)
    assert CALLS == ["ada"], "the call was drawn again although nothing changed"
    assert (store.drawn, store.restored) == (0, 1)
    assert (out / "a.txt").read_text(encoding="utf-8") == "hello ada\n"
    assert results == [[out / "a.txt"]]


def test_changed_arguments_draw_again_and_the_store_forgets_old_calls(tmp_path):
    memo = tmp_path / "memo.zip"
    run(memo, [(write_greeting, ("ada", str(tmp_path / "a.txt")), {})])
    run(memo, [(write_greeting, ("grace", str(tmp_path / "a.txt")), {})])
    assert CALLS == ["ada", "grace"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "hello grace\n"
    # only the latest run's call is kept: going back to "ada" draws again
    run(memo, [(write_greeting, ("ada", str(tmp_path / "a.txt")), {})])
    assert CALLS == ["ada", "grace", "ada"]


def test_other_code_draws_again(tmp_path):
    calls = [(write_greeting, ("ada", str(tmp_path / "a.txt")), {})]
    run(tmp_path / "memo.zip", calls, salt="v1")
    run(tmp_path / "memo.zip", calls, salt="v2")
    assert CALLS == ["ada", "ada"]


def test_damaged_member_is_drawn_not_restored(tmp_path):
    memo = tmp_path / "memo.zip"
    target = tmp_path / "a.txt"
    run(memo, [(write_greeting, ("ada", str(target)), {})])
    # rewrite the store with the member's bytes altered but its recorded hash kept
    with zipfile.ZipFile(memo) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    [member] = [name for name in members if name != "index.json"]
    members[member] = b"hello mallory\n"
    with zipfile.ZipFile(memo, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    target.unlink()
    store, _ = run(memo, [(write_greeting, ("ada", str(target)), {})])
    assert CALLS == ["ada", "ada"] and store.restored == 0
    assert target.read_text(encoding="utf-8") == "hello ada\n"


def test_unreadable_store_draws_everything(tmp_path, caplog):
    memo = tmp_path / "memo.zip"
    memo.write_bytes(b"not a zip at all")
    store, _ = run(memo, [(write_greeting, ("ada", str(tmp_path / "a.txt")), {})])
    assert CALLS == ["ada"] and store.drawn == 1
    assert "not a usable drawing store" in caplog.text
    assert zipfile.is_zipfile(memo), "the store was not rewritten"


def test_tables_are_keyed_by_content(tmp_path):
    frame = pd.DataFrame({"study_id": ["S1", "S2"], "value": ["12.5", "30"]})
    same = pd.DataFrame({"study_id": ["S1", "S2"], "value": ["12.5", "30"]})
    changed = same.copy()
    changed.loc[1, "value"] = "31"
    stem = str(tmp_path / "t")
    key = call_key(write_pair, (frame, stem), {}, "v1")
    assert call_key(write_pair, (same, stem), {}, "v1") == key
    assert call_key(write_pair, (changed, stem), {}, "v1") != key
    assert call_key(write_pair, (frame, stem + "x"), {}, "v1") != key
    store, results = run(tmp_path / "memo.zip", [(write_pair, (frame, stem), {})])
    assert sorted(results[0]) == [Path(stem + ".csv"), Path(stem + ".txt")]
    Path(stem + ".csv").unlink()
    Path(stem + ".txt").unlink()
    store, _ = run(tmp_path / "memo.zip", [(write_pair, (same, stem), {})])
    assert store.restored == 1 and Path(stem + ".txt").read_text(encoding="utf-8") == "2"


def test_output_paths_flattens_what_drawing_calls_return():
    assert output_paths(None) == []
    assert output_paths("a.svg") == [Path("a.svg")]
    assert output_paths({"svg": Path("a.svg"), "png": Path("a.png")}) == [
        Path("a.svg"),
        Path("a.png"),
    ]
    assert output_paths([[Path("a.svg")], {"png": "b.png"}]) == [Path("a.svg"), Path("b.png")]


def test_calls_drawn_in_worker_processes_are_stored_too(tmp_path):
    calls = [(write_greeting, (name, str(tmp_path / f"{name}.txt")), {}) for name in "abc"]
    store = DrawingStore(tmp_path / "memo.zip", salt="v1", root=tmp_path)
    results = draw_all(calls, workers=2, store=store)
    assert results == [[tmp_path / f"{name}.txt"] for name in "abc"]
    assert store.drawn == 3  # drawn in the workers: CALLS of this process stays empty
    for name in "abc":
        (tmp_path / f"{name}.txt").unlink()
    store = DrawingStore(tmp_path / "memo.zip", salt="v1", root=tmp_path)
    draw_all(calls, workers=2, store=store)
    assert store.restored == 3
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "hello b\n"


def test_a_store_cannot_write_outside_its_project(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    outside = tmp_path / "outside.txt"
    calls = [(write_greeting, ("ada", str(outside)), {})]
    # drawn (the call itself may write where it is told), but never restored from the store
    store = DrawingStore(project / "memo.zip", salt="v1", root=project)
    draw_all(calls, workers=1, store=store)
    outside.unlink()
    store = DrawingStore(project / "memo.zip", salt="v1", root=project)
    draw_all(calls, workers=1, store=store)
    assert (store.restored, store.drawn) == (0, 1) and CALLS == ["ada", "ada"]
