"""foresight_env's own CPU per lockstep lane step, without Foresight: Python's side of the lockstep rows.

Feeds the served CartPole-v1 the lines a lockstep run sends (K lanes in G groups; per group and turn
one line: the resets of the lanes whose episodes ended, with their seeds, then one `steps` request in
columns for the others) and times `answer_line` (parse the line, step, answer in columns, encode),
after a warm-up that takes the first resets (Gymnasium's environment checker) out. Beside it, the
same kind of work bare: K environments stepped with random actions and reset with a seed at each
end, as the served ones are, with no protocol at all. Prints CPU µs per lane step of each (medians
of ROUNDS) and what foresight_env adds.

Run: PYTHONPATH=python .venv/bin/python bench/foresight-env-alone.py [K] [G] [TURNS] [ROUNDS]
(bench/external-env.ts runs it with its lockstep rows' K.)
"""

import json
import random
import statistics
import sys
import time

import gymnasium as gym

from foresight_env.server import _Server

K = int(sys.argv[1]) if len(sys.argv) > 1 else 64
G = int(sys.argv[2]) if len(sys.argv) > 2 else 2
TURNS = int(sys.argv[3]) if len(sys.argv) > 3 else 600
ROUNDS = int(sys.argv[4]) if len(sys.argv) > 4 else 5


class LockstepStream:
    """A lockstep run's lines to one process, answered by a real server."""

    def __init__(self):
        self.server = _Server(gym.make("CartPole-v1"), "CartPole-v1", "auto", 256, True, lambda: gym.make("CartPole-v1"))
        self.next_id = 1
        self.ids = [0] + [json.loads(self.server.answer_line(self.line([{"op": "make"}])))[0]["env"] for _ in range(K - 1)]
        self.ended = [True] * K
        self.seed = 1000
        self.rng = random.Random(1)

    def line(self, requests):
        for request in requests:
            request["id"] = self.next_id
            self.next_id += 1
        return json.dumps(requests, separators=(",", ":")).encode() + b"\n"

    def turns(self, count):
        """CPU seconds inside answer_line, and the lane steps answered."""
        spent = 0.0
        steps = 0
        for _ in range(count):
            for group in range(G):
                requests, stepping = [], []
                for lane in range(group, K, G):
                    if self.ended[lane]:
                        self.seed += 1
                        requests.append({"op": "reset", "env": self.ids[lane], "seed": self.seed})
                        self.ended[lane] = False
                    else:
                        stepping.append(lane)
                if stepping:
                    requests.append({"op": "steps", "envs": [self.ids[k] for k in stepping], "actions": [self.rng.randrange(2) for _ in stepping]})
                line = self.line(requests)
                start = time.process_time()
                reply = self.server.answer_line(line)
                spent += time.process_time() - start
                if stepping:
                    answered = json.loads(reply)[-1]
                    for i, lane in enumerate(stepping):
                        self.ended[lane] = answered["terminated"][i] or answered["truncated"][i]
                    steps += len(stepping)
        return spent, steps


def bare(envs, steps, rng, seeds):
    """CPU seconds for `steps` lane steps of the environments themselves: a random action each, a seeded reset at each end."""
    start = time.process_time()
    done = 0
    while done < steps:
        for env in envs:
            _, _, terminated, truncated, _ = env.step(rng.randrange(2))
            if terminated or truncated:
                env.reset(seed=next(seeds))
        done += len(envs)
    return (time.process_time() - start) / done


def main():
    stream = LockstepStream()
    stream.turns(40)
    envs = [gym.make("CartPole-v1") for _ in range(K)]
    seeds = iter(range(10**9))
    for env in envs:
        env.reset(seed=next(seeds))
    rng = random.Random(2)
    served, plain = [], []
    for _ in range(ROUNDS):
        spent, steps = stream.turns(TURNS)
        served.append(spent / steps)
        plain.append(bare(envs, steps, rng, seeds))
    s, b = statistics.median(served) * 1e6, statistics.median(plain) * 1e6
    print(json.dumps({"served": round(s, 2), "bare": round(b, 2), "adds": round(s - b, 2)}))


main()
