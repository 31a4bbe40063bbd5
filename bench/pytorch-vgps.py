"""
The learned-Q V-GPS step written by hand in PyTorch, as a researcher would without Foresight: the
lava-bridge GridWorld (slip 0.1), the weak hazard-blind heuristic policy (softmax of minus the
distance to the goal at T = 0.5, mixed with 15% uniform), 16 candidates drawn from it, Q(s, ·) from
the shipped Q-network (assets/models/gridworld-q.onnx's weights, loaded into torch.nn.Linear layers),
argmax over the candidates with ε = 0.1, episodes of at most 100 steps. One state per forward pass.

Prints one JSON line: steps per second over `episodes` episodes (its own clock, start-up excluded),
the success rate, and the torch version. Run: /usr/bin/python3 bench/pytorch-vgps.py MODEL EPISODES SEED
(bench/lockstep-vs-pytorch.ts runs it side by side with the pipeline).
"""
import json
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper

ROWS = ["S........", ".........", "..LL.LL..", "..LL.LL..", ".........", ".........", "........G"]
HEIGHT, WIDTH = len(ROWS), len(ROWS[0])
MOVES = [(-1, 0), (0, 1), (1, 0), (0, -1)]  # up, right, down, left
SLIP, TEMPERATURE, EPSILON_POLICY, N, EPSILON_EXECUTOR, MAX_STEPS = 0.1, 0.5, 0.15, 16, 0.1, 100


def cell_of(char):
    return next(r * WIDTH + c for r, row in enumerate(ROWS) for c, ch in enumerate(row) if ch == char)


START, GOAL = cell_of("S"), cell_of("G")


def target(cell, move):
    r, c = divmod(cell, WIDTH)
    r, c = r + MOVES[move][0], c + MOVES[move][1]
    return r * WIDTH + c if 0 <= r < HEIGHT and 0 <= c < WIDTH else cell


# Lava-blind distances to the goal (no walls on this map: Manhattan).
gr, gc = divmod(GOAL, WIDTH)
DISTANCE = [abs(r - gr) + abs(c - gc) for r in range(HEIGHT) for c in range(WIDTH)]


def policy_probs(cell):
    prefs = np.array([-(DISTANCE[t] + 1) if t == cell else -DISTANCE[t] for t in (target(cell, m) for m in range(4))], dtype=np.float64)
    z = np.exp((prefs - prefs.max()) / TEMPERATURE)
    return (1 - EPSILON_POLICY) * z / z.sum() + EPSILON_POLICY / 4


def q_network(path):
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in onnx.load(path).graph.initializer}
    layers = []
    for i in range(3):
        w = weights[f"layer{i}.weight"]  # [in, out]: Gemm without transB
        linear = torch.nn.Linear(w.shape[0], w.shape[1])
        linear.weight.data = w.t().contiguous()
        linear.bias.data = weights[f"layer{i}.bias"]
        layers += [linear, torch.nn.ReLU()] if i < 2 else [linear]
    return torch.nn.Sequential(*layers).eval()


def main():
    model_path, episodes, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    q = q_network(model_path)
    rng = np.random.default_rng(seed)
    state = torch.zeros(1, HEIGHT * WIDTH)
    steps = successes = 0
    start = time.perf_counter()
    with torch.no_grad():
        for _ in range(episodes):
            cell = START
            for _ in range(MAX_STEPS):
                candidates = rng.choice(4, size=N, p=policy_probs(cell))
                state.zero_()
                state[0, cell] = 1.0
                values = q(state)[0].numpy()
                chosen = int(rng.choice(candidates)) if rng.random() < EPSILON_EXECUTOR else int(candidates[np.argmax(values[candidates])])
                if rng.random() < SLIP:
                    chosen = [(chosen + 1) % 4, (chosen + 3) % 4][rng.integers(2)]
                cell = target(cell, chosen)
                steps += 1
                tile = ROWS[cell // WIDTH][cell % WIDTH]
                if tile == "G":
                    successes += 1
                    break
                if tile == "L":
                    break
    seconds = time.perf_counter() - start
    print(json.dumps({"stepsPerSecond": steps / seconds, "steps": steps, "successRate": successes / episodes, "torch": torch.__version__, "threads": torch.get_num_threads()}))


main()
