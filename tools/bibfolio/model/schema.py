"""The JSON Schema of the data file, generated from its model, for editors to complete and check.

Committed as docs/cv.schema.json (a test fails when it is stale); regenerate with
``bibfolio schema docs/cv.schema.json``.
"""

from __future__ import annotations

import json

from bibfolio.model.cv import CV


def cv_schema() -> str:
    schema = CV.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://bibfolio.invalid/cv.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
