rule extract_batch:
    """The rules' screening decision on every record of one batch, and the candidate study
    characteristics, outcome values and effect estimates of the records screening may keep, each
    with its evidence span in the source."""
    input:
        records=rules.ingest_batch.output.records,
        regions=rules.ingest_batch.output.regions,
        criteria=config["screening"]["criteria"],
        vocabulary=config["vocabulary"],
        schemas=[
            "workflow/schemas/screening.schema.yaml",
            "workflow/schemas/vocabulary.schema.yaml",
        ],
        code=code(
            "extract",
            "screen",
            "spans",
            "regions",
            "tables",
            "stages/common",
            "stages/screen",
            "stages/extract",
        ),
    output:
        studies="results/extract/batches/{batch}.studies.csv",
        outcomes="results/extract/batches/{batch}.outcomes.csv",
        effects="results/extract/batches/{batch}.effects.csv",
        qa="results/extract/batches/{batch}.qa.csv",
        status="results/extract/batches/{batch}.status.csv",
        screen="results/screen/batches/{batch}.decisions.csv",
        screen_evidence="results/screen/batches/{batch}.evidence.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/extract/{batch}.log",
    threads: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/extract_batch.py"


rule extract:
    """The included studies' values (results/extract/), with reviewer corrections applied."""
    input:
        studies=expand(rules.extract_batch.output.studies, batch=sorted(BATCHES)),
        outcomes=expand(rules.extract_batch.output.outcomes, batch=sorted(BATCHES)),
        effects=expand(rules.extract_batch.output.effects, batch=sorted(BATCHES)),
        qa=expand(rules.extract_batch.output.qa, batch=sorted(BATCHES)),
        status=expand(rules.extract_batch.output.status, batch=sorted(BATCHES)),
        decisions="results/screen/decisions.csv",
        curation=config["extraction"]["curation"],
        schemas=[
            "workflow/schemas/curation.schema.yaml",
            "workflow/schemas/vocabulary.schema.yaml",
        ],
        records=rules.ingest.output.records,
        # read only for records a reviewer included against the rules
        regions=expand(rules.ingest_batch.output.regions, batch=sorted(BATCHES)),
        vocabulary=config["vocabulary"],
        code=code("extract", "spans", "regions", "tables", "stages/common", "stages/extract"),
    output:
        studies="results/extract/studies.csv",
        outcomes="results/extract/outcomes.csv",
        effects="results/extract/effects.csv",
        qa="results/extract/qa.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/extract/gather.log",
    threads: 1
    # On the chain from dedup to the tables: ahead of the exports and stage prints.
    priority: 3
    resources:
        mem_mb=4000,
    script:
        "../scripts/extract_gather.py"
