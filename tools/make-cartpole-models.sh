#!/usr/bin/env bash
# Makes the CartPole models in assets/models/ from the project's own code, no downloads, no Python
# (the built-in CartPole, Gymnasium's CartPole-v1 in TypeScript):
#   cartpole-policy — a weak categorical policy, behaviour-cloned for 2 epochs only from a naive
#                     heuristic that pushes the way the pole leans (tools/cartpole-heuristic) → the baseline
#   cartpole-q      — Q(s) of each push by fitted Q-iteration with sarsa targets on 300 episodes the weak
#                     policy recorded (examples/cartpole-policy-only) → examples/cartpole-vgps
# Every step is seeded, so the same code makes the same files. tools/make-models.sh runs this too.
set -euo pipefail
cd "$(dirname "$0")/.."
foresight="node bin/foresight.js"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$foresight run tools/cartpole-heuristic.foresight.json --episodes 200 --seed 5 --trace off --quiet --out "$work/heuristic"
$foresight train policy --data "$(ls -d "$work"/heuristic/*)" --out assets/models/cartpole-policy.onnx --encoding flat --hidden 32,32 --epochs 2 --seed 1 --quiet
$foresight run examples/cartpole-policy-only.foresight.json --episodes 300 --seed 5 --trace off --quiet --out "$work/policy"
$foresight train q --data "$(ls -d "$work"/policy/*)" --out assets/models/cartpole-q.onnx --encoding flat --iterations 30 --epochs 10 --target sarsa --seed 1 --quiet
