"""Write SYNTHETIC questionnaire answers generated from known path coefficients, to try
`binjai-sim calibrate survey` without real data. They are not the study's data.

    .venv/bin/python scripts/make_synthetic_survey.py [OUT.csv] [--n 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim.analysis.calibrate.survey import synthetic_responses  # noqa: E402

TRUE_BETAS = {"political": 0.30, "resources": 0.35, "participation": -0.05, "impact": -0.04, "institutions": 0.25}

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    default = ROOT / "calibration" / "survey_example" / "synthetic_responses.csv"
    parser.add_argument("out", type=Path, nargs="?", default=default)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    synthetic_responses(TRUE_BETAS, args.n, args.seed).to_csv(args.out, index=False)
    print(f"wrote {args.out} ({args.n} synthetic respondents; true coefficients {TRUE_BETAS})")
