"""The JSON Schema of the data file, generated from its model, for editors to complete and check.

Committed as docs/cv.schema.json (a test fails when it is stale); regenerate with
``bibfolio schema docs/cv.schema.json``.
"""

from __future__ import annotations

import json

from bibfolio.model.cv import CV

SCHEMA_ID = "https://bibfolio.invalid/cv.schema.json"


def cv_schema() -> str:
    schema = CV.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def is_cv_schema(text: str) -> bool:
    """Whether ``text`` is a schema this tool wrote (the only file it writes over)."""
    try:
        schema = json.loads(text)
    except ValueError:
        return False
    return isinstance(schema, dict) and schema.get("$id") == SCHEMA_ID
