"""Reads a metrics scrape on stdin with Prometheus' own Python client, by the OpenMetrics
parser (which refuses anything the format does not allow), and prints its samples as JSON:
what a Prometheus server would store."""

import json
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families

families = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    families[family.name] = {
        "type": family.type,
        "help": family.documentation,
        "samples": [
            {"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples
        ],
    }
print(json.dumps(families))
