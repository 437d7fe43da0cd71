"""``jsonschema`` without the IRI grammar it would otherwise build at import.

``jsonschema`` imports ``rfc3987_syntax`` when it is installed (it is, through JupyterLab's
``jupyter-events``); that module compiles some 35 Earley parsers at import, 1–2 s of CPU in
every process, for the ``iri`` formats, which no schema of this project uses
(python-jsonschema/jsonschema#1428). nbformat, frictionless and the parameter check all
reach ``jsonschema``: whichever process imports it first through :func:`load` gets it
without that grammar, in the ``dps`` process, its workers and the notebooks' kernels alike.
"""

from __future__ import annotations

import sys
from types import ModuleType

OPTIONAL = "rfc3987_syntax"


def load() -> ModuleType:
    """``jsonschema``, imported with ``rfc3987_syntax`` hidden for the time of the import.

    Only the import is affected: code that imports ``rfc3987_syntax`` itself later gets it.
    Once ``jsonschema`` is loaded this is a dictionary lookup.
    """
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    hidden = OPTIONAL not in sys.modules
    if hidden:
        sys.modules[OPTIONAL] = None  # type: ignore[assignment]
    try:
        import jsonschema
    finally:
        if hidden:
            del sys.modules[OPTIONAL]
    return jsonschema
