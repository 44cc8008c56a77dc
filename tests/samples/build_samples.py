"""Rebuild the LactMed sample files in this directory: `python tests/samples/build_samples.py`.

The text is real LactMed text (NICHD/NLM, public domain) from the verbatim excerpts in
../shared/data/lactmed/lactmed_record_excerpts.json; the XML structure is ours (see
tests/samples/generate.py). PK sample CSVs are hand-written and not generated.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lactmed.settings")

from tests.samples.generate import write_sample_files  # noqa: E402

if __name__ == "__main__":
    for path in write_sample_files(HERE):
        print(path.relative_to(HERE))
