#!/usr/bin/env bash
# Makes the example ONNX models in assets/models/ from the project's own code, no downloads:
# records the weak policy on GridWorld, then trains on what it recorded.
#   Q-model   — fitted Q-iteration (sarsa targets) → examples/gridworld-vgps-onnx
#   policy    — behaviour cloning of the weak policy → a weak ONNX policy
#   dynamics  — (s, a) → s', reward, done, hazard → examples/gridworld-worldmodel
# Beside it, Pendulum (continuous torques):
#   pendulum-dynamics — (s, torque) → s', reward, … from 300 episodes of random torques → examples/pendulum-worldmodel
#                       (from 100, the planner's return swung from −250 to −800 with the training seed)
#   pendulum-policy   — a Gaussian policy cloned (briefly: it stays weak) from the world-model planner
#                       with random proposals (tools/pendulum-planner.foresight.json) → the baseline
# and CartPole (tools/make-cartpole-models.sh): a weak policy and a Q-model → examples/cartpole-vgps
# Every step is seeded, so the same code makes the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
foresight="node bin/foresight.js"
work=$(mktemp -d)
# A chain that fails ends the script: the others are stopped, each with the process it is running (a job
# is a process group: set -m below), before their folder goes. `|| true`: a job already gone makes kill
# fail, and under set -e a failing command in this trap would change the script's exit status.
trap 'for job in $(jobs -p); do kill -- "-$job" 2> /dev/null || true; done; rm -rf "$work"' EXIT

gridworld() {
  $foresight run examples/gridworld-policy-only.foresight.json --episodes 1000 --seed 5 --trace off --quiet --out "$work/gridworld"
  local data
  data=$(ls -d "$work"/gridworld/gridworld-policy-only-*)
  $foresight train q --data "$data" --out assets/models/gridworld-q.onnx --iterations 20 --epochs 10 --seed 1 --quiet
  $foresight train policy --data "$data" --out assets/models/gridworld-policy.onnx --epochs 30 --seed 1 --quiet
  $foresight train dynamics --data "$data" --out assets/models/gridworld-dynamics.onnx --epochs 40 --seed 1 --quiet
}

pendulum() {
  $foresight run examples/pendulum-random.foresight.json --episodes 300 --seed 5 --trace off --quiet --out "$work/pendulum-random"
  $foresight train dynamics --data "$(ls -d "$work"/pendulum-random/*)" --out assets/models/pendulum-dynamics.onnx --encoding flat --hidden 64,64 --epochs 40 --seed 1 --quiet
  $foresight run tools/pendulum-planner.foresight.json --episodes 40 --seed 7 --trace off --quiet --out "$work/pendulum-planner"
  $foresight train policy --data "$(ls -d "$work"/pendulum-planner/*)" --out assets/models/pendulum-policy.onnx --encoding flat --hidden 32,32 --epochs 20 --seed 1 --quiet
}

# The three worlds' chains share nothing and each is single-threaded: side by side they take about half
# the time on two cores, and make the same files (every step is seeded, each in its own process).
set -m
gridworld &
pendulum &
tools/make-cartpole-models.sh &
# As each chain ends: the first to fail ends the script (set -e) with its exit status.
for _ in 1 2 3; do wait -n; done

# The reference checker, where Debian's python3-onnx is installed.
if /usr/bin/python3 -c "import onnx" 2> /dev/null; then
  /usr/bin/python3 -c "
import onnx, sys
for path in sys.argv[1:]:
    onnx.checker.check_model(onnx.load(path), full_check=True)
    print('onnx.checker: ok', path)" assets/models/*.onnx
fi
ls -l assets/models/
