# The stages whose outputs are hashed and fingerprinted as soon as they finish, beside the next
# stage, rather than by the provenance rule at the end of the run (rule prints).
PRINTED_STAGES = {
    "ingest": rules.ingest.output,
    "dedup": rules.dedup.output,
    "canonical": rules.canonical.output,
    "screen": rules.screen.output,
    "extract": rules.extract.output,
    "quality": rules.quality.output,
    "quality_figures": rules.quality_figures.output,
    "forest": rules.forest.output,
    "synthesize": rules.synthesize.output,
    "publish": rules.publish.output,
    "export_included": rules.export_included.output,
}


rule prints:
    """One stage's outputs: each file's SHA-256 and line, row and column fingerprints, for the
    provenance rule (which uses a fingerprint only while the file still has that SHA-256)."""
    input:
        outputs=lambda w: [str(f) for f in PRINTED_STAGES[w.stage]],
        code=code("provenance", "fingerprints", "textio"),
    output:
        "results/provenance/prints/{stage}.json",
    wildcard_constraints:
        stage="|".join(PRINTED_STAGES),
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/prints/{stage}.log",
    threads: 1
    resources:
        mem_mb=1500,
    script:
        "../scripts/prints.py"


rule provenance:
    """The last rule: every output's SHA-256, the rule and inputs that made it, and the run's code,
    configuration and package versions (results/provenance/), plus a W3C PROV-JSON export."""
    # Plain path strings, not rules.X file objects: Snakemake's bookkeeping of rules.X references
    # grows with the square of a rule's input count (a 70 s DAG build when this rule listed
    # 10,000 raw files).
    input:
        ingest=[str(f) for f in rules.ingest.output],
        dedup=[str(f) for f in rules.dedup.output],
        canonical=[str(f) for f in rules.canonical.output],
        screen=[str(f) for f in rules.screen.output],
        extract=[str(f) for f in rules.extract.output],
        quality=[str(f) for f in rules.quality.output],
        quality_figures=[str(f) for f in rules.quality_figures.output],
        forest=[str(f) for f in rules.forest.output],
        tables=[str(f) for f in rules.synthesize.output],
        publish=[str(f) for f in rules.publish.output],
        export_included=[str(f) for f in rules.export_included.output],
        report=[str(f) for f in rules.report.output],
        raw=RAW_INPUTS,
        source_prints=expand(
            "results/ingest/batches/{batch}.fingerprints.json", batch=sorted(BATCHES)
        ),
        output_prints=expand(rules.prints.output[0], stage=list(PRINTED_STAGES)),
        code=code("provenance", "fingerprints", "textio"),
    output:
        manifest="results/provenance/manifest.json",
        fingerprints="results/provenance/fingerprints.json",
        prov="results/provenance/prov.json",
    params:
        config=config,
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/provenance.log",
    # files are hashed and fingerprinted in parallel (litreview.provenance)
    threads: 2
    resources:
        mem_mb=1500,
    script:
        "../scripts/provenance.py"
