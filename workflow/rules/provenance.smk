rule provenance:
    """The last rule: every output's SHA-256, the rule and inputs that made it, and the run's code,
    configuration and package versions (results/provenance/), plus a W3C PROV-JSON export."""
    input:
        ingest=list(rules.ingest.output),
        dedup=list(rules.dedup.output),
        screen=list(rules.screen.output),
        extract=list(rules.extract.output),
        quality=list(rules.quality.output),
        tables=list(rules.synthesize.output),
        report=list(rules.report.output),
        raw=[f"{RAW}/{name}" for name in RAW_FILES],
        code=code("provenance"),
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
    threads: 1
    resources:
        mem_mb=1000,
    script:
        "../scripts/provenance.py"
