"""The Corridor of docs/environment-protocol.md, whose every route runs it from this folder (needs Gymnasium)."""

import gymnasium
from gymnasium import spaces


class Corridor(gymnasium.Env):
    """Action 0 steps left, 1 right; the observation is the cell; -1 a step until the last cell ends the episode."""

    def __init__(self, length=5):
        self.length = length
        self.observation_space = spaces.Discrete(length + 1)
        self.action_space = spaces.Discrete(2)
        self.position = 0

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.position = 0
        return self.position, {}

    def step(self, action):
        self.position = min(max(self.position + (1 if action == 1 else -1), 0), self.length)
        return self.position, -1.0, self.position == self.length, False, {}


# What `"id": "my_env:Corridor-v0"` of the gymnasium environment finds; the time limit ends a walk that dithers.
gymnasium.register("Corridor-v0", entry_point=Corridor, max_episode_steps=100)

if __name__ == "__main__":
    # `{ "name": "process", "command": ["python3", "my_env.py"] }`: speak the protocol on stdin and stdout.
    from foresight_env import serve

    serve(Corridor(), make=Corridor)
