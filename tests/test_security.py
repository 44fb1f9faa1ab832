"""Configuration and reviewer files are data: YAML is read safely, names stay inside raw/."""

from pathlib import Path

import pytest

from litreview import dedup_config, manifest
from litreview.extract import ConfigError, load_curation, load_vocabulary

PAYLOAD = '!!python/object/apply:os.system ["touch {marker}"]\n'


@pytest.mark.parametrize(
    "loader",
    [load_curation, load_vocabulary, dedup_config.load_config, dedup_config.load_decisions],
)
def test_yaml_python_tags_are_refused_not_run(tmp_path, loader):
    marker = tmp_path / "pwned"
    path = tmp_path / "config.yaml"
    path.write_text("corrections: " + PAYLOAD.format(marker=marker), encoding="utf-8")
    with pytest.raises((ConfigError, ValueError, Exception)) as caught:
        loader(path)
    assert not marker.exists()
    assert "python/object" in str(caught.value) or str(path) in str(caught.value)


def test_added_files_cannot_escape_raw(tmp_path):
    raw = tmp_path / "project" / "raw"
    source = tmp_path / "outside.ris"
    source.write_text("TY  - JOUR\nER  - \n")
    (added,) = manifest.add(raw, [source])
    assert (raw / added).resolve().parent == raw.resolve()
    assert manifest.safe_name("../../../../etc/cron.d/evil") == "evil"
    assert Path(manifest.safe_name("..\\..\\evil.ris")).parent == Path(".")
