"""The rule graph (snakemake --rulegraph on the seed project): figures are drawn by rules of their
own, beside the table chain ingest -> ... -> extract -> quality and synthesize, not in it, and
the workbook and exports beside the report (issue 9: a re-run after one added file should not
wait for what the next step does not read)."""

from __future__ import annotations

import re

import pytest
from conftest import copy_project, run_snakemake

pytestmark = pytest.mark.e2e

NODE = re.compile(r'^\s*(\d+)\[label = "(\w+)"', re.M)
EDGE = re.compile(r"^\s*(\d+) -> (\d+)", re.M)


def rule_inputs(dot: str) -> dict[str, set[str]]:
    """Each rule's direct upstream rules, from --rulegraph's DOT text."""
    names = dict(NODE.findall(dot))
    upstream: dict[str, set[str]] = {name: set() for name in names.values()}
    for source, target in EDGE.findall(dot):
        upstream[names[target]].add(names[source])
    return upstream


def ancestors(upstream: dict[str, set[str]], rule: str) -> set[str]:
    seen: set[str] = set()
    todo = [rule]
    while todo:
        for parent in upstream[todo.pop()]:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


@pytest.fixture(scope="module")
def upstream(tmp_path_factory):
    workdir = copy_project(tmp_path_factory.mktemp("rulegraph"))
    result = run_snakemake(workdir, "--rulegraph")
    assert result.returncode == 0, result.stderr[-3000:]
    graph = rule_inputs(result.stdout)
    assert {"forest", "quality_figures", "quality", "synthesize", "publish", "report"} <= set(
        graph
    ), graph
    return graph


def test_rule_inputs_are_read_from_the_dot_text():
    dot = '0[label = "all", color = "0.1 0.6 0.85"];\n1[label = "b"];\n2[label = "c"];\n'
    dot += "1 -> 0\n2 -> 1\n"
    graph = rule_inputs(dot)
    assert graph == {"all": {"b"}, "b": {"c"}, "c": set()}
    assert ancestors(graph, "all") == {"b", "c"}


def test_forest_plots_need_extraction_and_screening_not_quality_or_the_tables(upstream):
    needs = ancestors(upstream, "forest")
    assert {"extract", "screen"} <= upstream["forest"]
    assert not needs & {"quality", "quality_batch", "quality_figures", "synthesize"}, needs


def test_quality_figures_wait_for_the_quality_tables_only(upstream):
    assert "quality" in upstream["quality_figures"]
    assert not ancestors(upstream, "quality_figures") & {"synthesize", "forest"}


def test_the_tables_do_not_wait_for_any_figure_rule(upstream):
    for rule in ("quality", "synthesize"):
        assert not ancestors(upstream, rule) & {"forest", "quality_figures"}, rule


def test_report_and_provenance_take_the_figure_rules_outputs(upstream):
    assert {"forest", "quality_figures", "synthesize"} <= upstream["report"]
    assert {"forest", "quality_figures"} <= ancestors(upstream, "provenance")


def test_synthesis_waits_neither_for_quality_nor_for_the_canonical_records(upstream):
    assert not upstream["synthesize"] & {"quality", "canonical"}, upstream["synthesize"]
    assert upstream["publish"] == {"quality", "synthesize"}


def test_screening_reads_the_clusters_not_the_canonical_records(upstream):
    assert "canonical" not in ancestors(upstream, "screen")
    assert "canonical" not in ancestors(upstream, "report")
    assert upstream["canonical"] == {"ingest", "dedup"}


def test_the_exports_wait_only_for_screening_and_the_canonical_records(upstream):
    assert upstream["export_included"] == {"screen", "canonical"}


def test_the_report_does_not_wait_for_the_workbook_and_exports_provenance_does(upstream):
    assert not ancestors(upstream, "report") & {"publish", "export_included"}
    assert "quality" in upstream["report"]
    assert {"publish", "export_included", "canonical"} <= ancestors(upstream, "provenance")
