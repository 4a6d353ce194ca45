import json
import re

from chat.cli import main
from ingest import bundled_path


def test_ingest_writes_byte_identical_jsonl_twice(tmp_path, capsys):
    out1, out2 = tmp_path / "a", tmp_path / "b"
    assert main(["ingest", str(bundled_path()), "--out", str(out1)]) == 0
    assert main(["ingest", str(bundled_path()), "--out", str(out2)]) == 0
    for name in ("clauses.jsonl", "documents.jsonl"):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes()
    rows = [json.loads(line) for line in (out1 / "clauses.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["clause_id"] for r in rows][:3] == ["header", "preamble", "1"] and len(rows) == 14
    doc = json.loads((out1 / "documents.jsonl").read_text(encoding="utf-8"))
    assert len(doc["content_hash"]) == 64 and doc["meta"]["doc_number"] == "镇人大常〔2023〕31号"


def test_strict_ingest_with_a_broken_file_leaves_previous_output_untouched(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["ingest", str(bundled_path()), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "dup.txt"
    bad.write_text("为此，作出如下决定：\n\n1.甲。\n\n1.乙。\n", encoding="utf-8")
    assert main(["ingest", str(bundled_path()), str(bad), "--out", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "FAILED" in err and "dup.txt" in err and "appears twice" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_broken_file_in_a_batch_fails_alone(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    out = tmp_path / "out"
    assert main(["ingest", str(bundled_path()), str(bad), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "1 document(s) parsed, 1 failed" in captured.out and "FAILED" in captured.err and "broken.pdf" in captured.err
    rows = (out / "clauses.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 14  # the resolution was written all the same


def test_ingest_many_files_shows_progress(tmp_path, capsys):
    paths = []
    for i in range(3):
        p = tmp_path / f"doc{i}.txt"
        p.write_text(f"第{i}号文件的说明。\n\n另一段。", encoding="utf-8")
        paths.append(str(p))
    assert main(["ingest", *paths, "--out", str(tmp_path / "o")]) == 0
    captured = capsys.readouterr()
    assert "ingest" in captured.err and "3/3" in captured.err
    assert re.search(r"doc2: .*: p1 p2\n    warning: expected numbered clauses", captured.out)
