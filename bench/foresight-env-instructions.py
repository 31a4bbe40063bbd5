"""foresight_env's instructions per lockstep lane step, counted by Valgrind: a figure the machine's load cannot move.

On a shared machine CPU time per step swings by ±40 % from one run to the next (the same code, the
same lines); instructions do not. This records the lines a lockstep run sends to one process
(bench/foresight-env-alone.py's LockstepStream: K lanes in G groups, resets with their seeds, steps
in columns), then answers the same lines in a fresh server under `valgrind --tool=callgrind`, for
TURNS and for 3 × TURNS turns: the difference over the lane steps between them is the instructions
per lane step answered (parse, step, answer, encode), start-up and imports cancelled out (with a
fixed hash seed; counts still move by ~1–2 % between runs: memory addresses, the garbage collector). Beside it,
the environments alone: K environments from gymnasium.make stepped with the same kind of random
actions and reset with a seed at each end, no protocol, counted the same way; and the plain loop
bench/external-env.ts compares with (`env.step(env.action_space.sample())`, unseeded resets).

Run: PYTHONPATH=python .venv/bin/python bench/foresight-env-instructions.py [K] [G] [TURNS]
(needs valgrind on PATH; a few minutes: Python runs ~50× slower under it).
"""

import json
import os
import pickle
import random
import re
import subprocess
import sys
import tempfile

# A child under Valgrind is started as `--answer PATH K` or `--bare STEPS seeded|sample K`.
CHILD = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1].startswith("--") else None
ARGS = [] if CHILD else sys.argv[1:]
K = int(sys.argv[-1]) if CHILD else int(ARGS[0]) if len(ARGS) > 0 else 64
G = int(ARGS[1]) if len(ARGS) > 1 else 2
TURNS = int(ARGS[2]) if len(ARGS) > 2 else 100
WARM = 40


def record(path, turns):
    """The lines of WARM + turns turns of a lockstep run, and the lane steps in the last `turns`."""
    sys.argv = [sys.argv[0], str(K), str(G), "1", "1"]
    source = open(os.path.join(os.path.dirname(__file__), "foresight-env-alone.py")).read().replace("\nmain()\n", "\n")
    alone = {"__name__": "alone"}
    exec(compile(source, "foresight-env-alone.py", "exec"), alone)
    stream = alone["LockstepStream"]()
    lines = []
    answer = stream.server.answer_line
    stream.server.answer_line = lambda line: (lines.append(line), answer(line))[1]
    stream.turns(WARM)
    _, steps = stream.turns(turns)
    with open(path, "wb") as f:
        pickle.dump(lines, f)
    return steps


def answer(path):
    """Answers recorded lines with a fresh server (the child under Valgrind)."""
    import gymnasium as gym

    from foresight_env.server import _Server

    server = _Server(gym.make("CartPole-v1"), "CartPole-v1", "auto", 256, True, lambda: gym.make("CartPole-v1"))
    for _ in range(K - 1):
        server.answer_line(b'[{"id":0,"op":"make"}]\n')
    with open(path, "rb") as f:
        lines = pickle.load(f)
    for line in lines:
        if b'"errors"' in server.answer_line(line):
            sys.exit("a recorded line was refused on replay: the replay is not the run it records")


def bare(steps, sample):
    """`steps` lane steps of gymnasium.make environments without the protocol (the child under Valgrind)."""
    import gymnasium as gym

    envs = [gym.make("CartPole-v1") for _ in range(K)]
    seeds = iter(range(10**9))
    for env in envs:
        env.reset(seed=next(seeds))
        env.action_space.seed(1)
    rng = random.Random(2)
    actions = [rng.randrange(2) for _ in range(steps + K)]
    done = 0
    while done < steps:
        for env in envs:
            _, _, terminated, truncated, _ = env.step(env.action_space.sample() if sample else actions[done])
            done += 1
            if terminated or truncated:
                env.reset() if sample else env.reset(seed=next(seeds))


def instructions(*args):
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__, *args, str(K)], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or not found:
        sys.exit(f"valgrind failed: {result.stderr[-2000:]}")
    return int(found.group(1))


def main():
    if CHILD == "--answer":
        return answer(sys.argv[2])
    if CHILD == "--bare":
        return bare(int(sys.argv[2]), sys.argv[3] == "sample")
    folder = tempfile.mkdtemp(prefix="foresight-env-instructions-")
    short, long = os.path.join(folder, "short"), os.path.join(folder, "long")
    few, many = record(short, TURNS), record(long, 3 * TURNS)
    served = (instructions("--answer", long) - instructions("--answer", short)) / (many - few)
    plain = (instructions("--bare", str(many), "seeded") - instructions("--bare", str(few), "seeded")) / (many - few)
    loop = (instructions("--bare", str(many), "sample") - instructions("--bare", str(few), "sample")) / (many - few)
    print(json.dumps({"served": round(served), "bare": round(plain), "adds": round(served - plain), "loop": round(loop), "laneSteps": many - few}))


main()
