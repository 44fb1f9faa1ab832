# litreview: raw/ -> ingest -> extract (per file) -> dedup -> screen -> extract tables -> quality
# -> synthesis tables, figures and report -> provenance manifest.
# This file only loads and validates the configuration and includes one rule file per stage.
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


include: "workflow/rules/common.smk"


wildcard_constraints:
    batch=source_manifest.BATCH_PATTERN,


include: "workflow/rules/ingest.smk"
include: "workflow/rules/extract.smk"
include: "workflow/rules/dedup.smk"
include: "workflow/rules/screen.smk"
include: "workflow/rules/quality.smk"
include: "workflow/rules/synthesize.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/provenance.smk"


rule all:
    default_target: True
    input:
        rules.provenance.output.manifest,
