"""Loading and validating the dedup settings (config/dedup.yaml) and the reviewer decisions
(config/dedup_decisions.yaml) against workflow/schemas/dedup.schema.yaml."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import yaml

__all__ = [
    "SCHEMA_PATH",
    "DedupConfigError",
    "load_schema",
    "default_config",
    "validate_config",
    "load_config",
    "load_decisions",
    "validate_decisions",
]

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "dedup.schema.yaml"


class DedupConfigError(ValueError):
    """A settings or decisions file does not match its schema; the message names the file, the
    entry and what is expected."""


def load_schema() -> dict:
    return yaml.safe_load(SCHEMA_PATH.read_text(encoding="utf-8"))


def _fill_defaults(schema: dict, instance: dict) -> dict:
    # jsonschema validates but deliberately never fills defaults; the schema's defaults are the
    # single source of truth, so copy them into missing keys, depth first.
    for key, sub in schema.get("properties", {}).items():
        if key not in instance and "default" in sub:
            instance[key] = copy.deepcopy(sub["default"])
        if sub.get("type") == "object" and isinstance(instance.get(key), dict):
            _fill_defaults(sub, instance[key])
    return instance


def _describe(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    return f"at {where}: {error.message}"


def validate_config(config: dict | None, source: str = "config/dedup.yaml") -> dict:
    """Validate settings and return a copy with every default filled in."""
    schema = load_schema()
    instance = copy.deepcopy(config) if config else {}
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(instance), key=str)
    if errors:
        details = "; ".join(_describe(e) for e in errors)
        raise DedupConfigError(
            f"{source}: invalid dedup settings {details}. See the description of each key in "
            f"{SCHEMA_PATH.name}; delete a key to use its default."
        )
    return _fill_defaults(schema, instance)


def default_config() -> dict:
    return validate_config({})


def load_config(path: str | Path) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DedupConfigError(f"{path}: not valid YAML: {exc}") from exc
    return validate_config(data or {}, str(path))


def validate_decisions(data: dict | list | None, source: str) -> list[dict]:
    """Check the decisions file's shape; a bare list of decisions is accepted too."""
    if data is None:
        return []
    if isinstance(data, list):
        data = {"decisions": data}
    schema = load_schema()
    file_schema = {"$defs": schema["$defs"], "$ref": "#/$defs/decisions_file"}
    errors = sorted(jsonschema.Draft202012Validator(file_schema).iter_errors(data), key=str)
    if errors:
        details = "; ".join(_describe(e) for e in errors)
        raise DedupConfigError(
            f"{source}: invalid reviewer decision {details}. Each entry needs a, b (record_ids "
            "from results/ingest/records.csv), action (apart or together), reviewer and reason."
        )
    return [dict(d) for d in data.get("decisions", [])]


def load_decisions(path: str | Path) -> list[dict]:
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DedupConfigError(f"{path}: not valid YAML: {exc}") from exc
    return validate_decisions(data, str(path))
