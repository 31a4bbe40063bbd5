#!/usr/bin/env bash
# Makes assets/models/shopping-q.onnx, the shopping task's step-level Q-model, from the project's own code:
#   1. records 5000 episodes of tools/shopping-stepq-collect.foresight.json (run seed 11, so none of the
#      evaluation episodes of seed 1): 8 samples of the scripted shopper a step, each distinct candidate
#      annotated with its Monte-Carlo Q (mean return of 4 rollouts through the shop's simulator that take it,
#      then follow the shopper to the end), acted on epsilon-greedily by that annotation;
#   2. regresses Q(s, a) on those returns over the bow encodings of the state and of the action text
#      (foresight train q --target mc).
# Used by examples/shopping-stepq and examples/shopping-best-first. Every step is seeded, so the same code
# makes the same file (about a minute on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
foresight="node bin/foresight.js"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$foresight run tools/shopping-stepq-collect.foresight.json --episodes 5000 --seed 11 --trace off --quiet --out "$work"
$foresight train q --target mc --data "$(ls -d "$work"/shopping-stepq-collect-*)" --out assets/models/shopping-q.onnx \
  --encoding bow --action-encoding bow --hidden 64 --epochs 10 --seed 1 --quiet

if /usr/bin/python3 -c "import onnx" 2> /dev/null; then
  /usr/bin/python3 -c "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('onnx.checker: ok', sys.argv[1])" assets/models/shopping-q.onnx
fi
ls -l assets/models/shopping-q.onnx
