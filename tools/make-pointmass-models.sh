#!/usr/bin/env bash
# Makes the point-mass models in assets/models/ from the project's own code, no downloads, no Python
# (the built-in point mass; its Gymnasium copy steps the same to the bit):
#   pointmass-policy   — a Gaussian policy (mean, log-std per force dimension) behaviour-cloned from the
#                        hazard-blind scripted pusher (tools/pointmass-scripted, T 0.25, ε 0.1): heads for
#                        the goal, blind to obstacles → examples/pointmass-policy-only, the baseline
#   pointmass-dynamics — (s, force) → s', reward, done, hazard, trained on that pusher's data and on the
#                        same pusher wandering (T 1, ε 0.6) into obstacles about three times in four:
#                        RaWMPC's point that a world model must see hazards to predict them
#                        → examples/pointmass-rawmpc
# Every step is seeded, so the same code makes the same files. Slow (about 2 minutes), so
# tools/make-models.sh does not run it (test/onnx-shipped-models.test.ts names it).
set -euo pipefail
cd "$(dirname "$0")/.."
foresight="node bin/foresight.js"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$foresight run tools/pointmass-scripted.foresight.json --episodes 1000 --seed 5 --trace off --quiet --out "$work/pusher"
$foresight run tools/pointmass-scripted.foresight.json --episodes 2000 --seed 6 --trace off --quiet --out "$work/wanderer" --set policy.temperature=1 --set policy.epsilon=0.6
$foresight train policy --data "$(ls -d "$work"/pusher/*)" --out assets/models/pointmass-policy.onnx --encoding flat --hidden 32,32 --epochs 20 --seed 1 --quiet
$foresight train dynamics --data "$(ls -d "$work"/wanderer/*)" --data "$(ls -d "$work"/pusher/*)" --out assets/models/pointmass-dynamics.onnx --encoding flat --hidden 64,64 --epochs 40 --seed 1 --quiet
