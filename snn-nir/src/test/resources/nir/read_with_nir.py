"""Reads NIR files with the NIR reference package's reader (nir.read, type checking on) and prints, per file,
the version and every node's type and numeric fields (shape, sum, min, max) as JSON, for NirPythonReaderTest.

  PYTHONPATH=/path/to/NIR /usr/bin/python3 read_with_nir.py FILE.nir...
"""
import json
import sys

import numpy as np

import nir


def stats(v):
    a = np.asarray(v, dtype=np.float64)
    return {"shape": list(a.shape), "sum": float(a.sum()), "min": float(a.min()), "max": float(a.max())}


def fields(node):
    out = {}
    for k, v in vars(node).items():
        if k in ("input_type", "output_type", "metadata"):
            continue
        if isinstance(v, (np.ndarray, int, float, np.integer, np.floating, tuple, list)):
            out[k] = stats(v)
    if isinstance(node, nir.Flatten):  # its input_type is a field of the file
        out["input_type"] = stats(node.input_type["input"])
    return out


result = {}
for path in sys.argv[1:]:
    g = nir.read(path)  # type_check=True: every edge's shapes must agree
    result[path] = {
        "version": nir.serialization.read_version(path),
        "edges": [list(e) for e in g.edges],
        "nodes": {name: {"type": type(n).__name__, "fields": fields(n)} for name, n in g.nodes.items()},
        "output_type": {k: [int(x) for x in v] for k, v in g.output_type.items()},
    }
print(json.dumps(result))
