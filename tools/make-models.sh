#!/usr/bin/env bash
# Makes the example ONNX models in assets/models/ from the project's own code, no downloads:
# records the weak policy on GridWorld, then trains on what it recorded.
#   Q-model   — fitted Q-iteration (sarsa targets) → examples/gridworld-vgps-onnx
#   policy    — behaviour cloning of the weak policy → a weak ONNX policy
#   dynamics  — (s, a) → s', reward, done, hazard → examples/gridworld-worldmodel
# Then Pendulum (continuous torques):
#   pendulum-dynamics — (s, torque) → s', reward, … from random torques → examples/pendulum-worldmodel
#   pendulum-policy   — a Gaussian policy cloned (briefly: it stays weak) from the world-model planner
#                       with random proposals (tools/pendulum-planner.foresight.json) → the baseline
# Then CartPole (tools/make-cartpole-models.sh): a weak policy and a Q-model → examples/cartpole-vgps
# Every step is seeded, so the same code makes the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
foresight="node bin/foresight.js"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$foresight run examples/gridworld-policy-only.foresight.json --episodes 1000 --seed 5 --trace off --quiet --out "$work"
data=$(ls -d "$work"/gridworld-policy-only-*)

$foresight train q --data "$data" --out assets/models/gridworld-q.onnx --iterations 20 --epochs 10 --seed 1 --quiet
$foresight train policy --data "$data" --out assets/models/gridworld-policy.onnx --epochs 30 --seed 1 --quiet
$foresight train dynamics --data "$data" --out assets/models/gridworld-dynamics.onnx --epochs 40 --seed 1 --quiet

$foresight run examples/pendulum-random.foresight.json --episodes 100 --seed 5 --trace off --quiet --out "$work/pendulum-random"
$foresight train dynamics --data "$(ls -d "$work"/pendulum-random/*)" --out assets/models/pendulum-dynamics.onnx --encoding flat --hidden 64,64 --epochs 40 --seed 1 --quiet
$foresight run tools/pendulum-planner.foresight.json --episodes 40 --seed 7 --trace off --quiet --out "$work/pendulum-planner"
$foresight train policy --data "$(ls -d "$work"/pendulum-planner/*)" --out assets/models/pendulum-policy.onnx --encoding flat --hidden 32,32 --epochs 20 --seed 1 --quiet

tools/make-cartpole-models.sh

# The reference checker, where Debian's python3-onnx is installed.
if /usr/bin/python3 -c "import onnx" 2> /dev/null; then
  for model in assets/models/*.onnx; do
    /usr/bin/python3 -c "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('onnx.checker: ok', sys.argv[1])" "$model"
  done
fi
ls -l assets/models/
