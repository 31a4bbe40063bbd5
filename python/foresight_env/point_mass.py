"""PointMass-v0: the Gymnasium copy of Foresight's built-in point-mass world (nodes/environment/pointmass/).

A point mass pushed by a bounded 2-D force towards a goal among circular obstacles; touching one ends
the episode with a penalty (info["hazard"]), entering the goal region ends it with a bonus
(info["success"]). Same numbers in the same order as the TypeScript (physics.ts, layout.ts): float64
arithmetic with +, -, *, / and sqrt only, and layouts drawn from SHA-256 of "pointmass/<seed>/<k>",
so one seed gives one episode on both routes, to the bit.

    gymnasium.make("foresight_env.point_mass:PointMass-v0")       # importing this module registers it
    python3 -m foresight_env gymnasium:foresight_env.point_mass:PointMass-v0

Needs gymnasium and numpy (the rest of foresight_env does not).
"""

import hashlib
import math

import gymnasium
import numpy as np
from gymnasium import spaces

HALF = 1.0
DT = 0.1
ACCEL = 2.0
DAMPING = 1.0
MAX_SPEED = 1.0
MAX_FORCE = 1.0
AGENT_RADIUS = 0.05
GOAL_RADIUS = 0.15
GOAL_BONUS = 1.0
COLLISION_PENALTY = 1.0
MAX_REDRAWS = 100


def _clip(value, bound):
    return min(bound, max(-bound, value))


def _distance(ax, ay, bx, by):
    return math.sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by))


def segment_distance(ax, ay, bx, by, px, py):
    """Distance from (px, py) to the segment a→b."""
    dx = bx - ax
    dy = by - ay
    length2 = dx * dx + dy * dy
    t = min(1.0, max(0.0, ((px - ax) * dx + (py - ay) * dy) / length2)) if length2 > 0 else 0.0
    return _distance(ax + t * dx, ay + t * dy, px, py)


class LayoutDraws:
    """Uniform draws in [0, 1): the first 48 bits of SHA-256("pointmass/<seed>/<k>") over 2**48."""

    def __init__(self, seed):
        self.seed = seed
        self.k = 0

    def next(self):
        digest = hashlib.sha256(f"pointmass/{self.seed}/{self.k}".encode()).digest()
        self.k += 1
        return int.from_bytes(digest[:6], "big") / 2**48

    def between(self, low, high):
        return low + (high - low) * self.next()


def generate_layout(seed, obstacle_count):
    """Start on the left, goal on the right, obstacle 0 near the straight line between, the rest in the middle."""
    draw = LayoutDraws(seed)
    start = (draw.between(-0.85, -0.75), draw.between(-0.8, 0.8))
    goal = (draw.between(0.75, 0.85), draw.between(-0.8, 0.8), GOAL_RADIUS)
    dx = goal[0] - start[0]
    dy = goal[1] - start[1]
    length = math.sqrt(dx * dx + dy * dy)

    def clear(o):
        return (
            math.sqrt((o[0] - start[0]) * (o[0] - start[0]) + (o[1] - start[1]) * (o[1] - start[1])) > o[2] + 0.2
            and math.sqrt((o[0] - goal[0]) * (o[0] - goal[0]) + (o[1] - goal[1]) * (o[1] - goal[1])) > o[2] + goal[2] + 0.1
        )

    obstacles = []
    for i in range(obstacle_count):
        obstacle = (0.0, 0.0, 0.0)
        for _ in range(MAX_REDRAWS):
            if i == 0:
                t = draw.between(0.35, 0.65)
                offset = draw.between(-0.4, 0.4)
                r = draw.between(0.15, 0.25)
                obstacle = (start[0] + t * dx - (offset * dy) / length, start[1] + t * dy + (offset * dx) / length, r)
            else:
                obstacle = (draw.between(-0.5, 0.5), draw.between(-0.9, 0.9), draw.between(0.12, 0.22))
            if clear(obstacle):
                break
        obstacles.append(obstacle)
    return start, goal, obstacles


class PointMassEnv(gymnasium.Env):
    """Push a point mass to the goal without touching an obstacle; see the module's doc."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 10}

    def __init__(self, obstacles=3, render_mode=None):
        self.obstacle_count = obstacles
        self.render_mode = render_mode
        self.action_space = spaces.Box(-MAX_FORCE, MAX_FORCE, shape=(2,), dtype=np.float32)
        self.observation_space = spaces.Box(-np.inf, np.inf, shape=(6 + 3 * obstacles,), dtype=np.float32)
        self.start, self.goal, self.obstacles = generate_layout(0, obstacles)
        self.state = (self.start[0], self.start[1], 0.0, 0.0)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        # The layout is a function of the seed alone, as in the TypeScript; without one, Gymnasium's stream picks it.
        layout_seed = seed if seed is not None else int(self.np_random.integers(0, 2**32))
        self.start, self.goal, self.obstacles = generate_layout(layout_seed, self.obstacle_count)
        self.state = (self.start[0], self.start[1], 0.0, 0.0)
        return self._observe(), {}

    def foresight_scene(self):
        """The arena as the editor draws it (the built-in point mass's scene: protocol/point-mass.ts)."""
        def disc(x, y, r):
            return {"x": x, "y": y, "r": r}

        return {
            "kind": "pointmass",
            "half": HALF,
            "goal": disc(*self.goal),
            "obstacles": [disc(*o) for o in self.obstacles],
            "start": {"x": self.start[0], "y": self.start[1]},
            "agentRadius": AGENT_RADIUS,
        }

    def _observe(self):
        x, y, vx, vy = self.state
        values = [x, y, vx, vy, self.goal[0] - x, self.goal[1] - y]
        for ox, oy, r in self.obstacles:
            values += [ox - x, oy - y, _distance(x, y, ox, oy) - r - AGENT_RADIUS]
        return np.array(values, dtype=np.float32)

    def step(self, action):
        # The action space is float32, as Gymnasium's Box usually is: the force is read at that precision.
        fx, fy = (float(a) for a in np.asarray(action, dtype=np.float32).reshape(2))
        x0, y0, vx0, vy0 = self.state
        keep = 1 - DAMPING * DT
        vx = vx0 * keep + ACCEL * _clip(fx, MAX_FORCE) * DT
        vy = vy0 * keep + ACCEL * _clip(fy, MAX_FORCE) * DT
        speed = math.sqrt(vx * vx + vy * vy)
        if speed > MAX_SPEED:
            vx = (vx * MAX_SPEED) / speed
            vy = (vy * MAX_SPEED) / speed
        x = x0 + vx * DT
        y = y0 + vy * DT
        if x > HALF or x < -HALF:
            x = _clip(x, HALF)
            vx = 0.0
        if y > HALF or y < -HALF:
            y = _clip(y, HALF)
            vy = 0.0
        collided = any(segment_distance(x0, y0, x, y, ox, oy) < r + AGENT_RADIUS for ox, oy, r in self.obstacles)
        gx, gy, _ = self.goal
        reached = not collided and segment_distance(x0, y0, x, y, gx, gy) < GOAL_RADIUS
        reward = _distance(x0, y0, gx, gy) - _distance(x, y, gx, gy)
        if reached:
            reward += GOAL_BONUS
        if collided:
            reward -= COLLISION_PENALTY
        self.state = (x, y, vx, vy)
        # success on every step (the Gymnasium convention for is_success): an episode that ends without it failed.
        info = {"hazard": True, "success": False} if collided else {"success": reached}
        return self._observe(), reward, collided or reached, False, info

    def render(self):
        if self.render_mode != "rgb_array":
            return None
        return self._picture(200)

    def _picture(self, size):
        """The arena from above: obstacles red, goal green, the mass blue."""
        ys, xs = np.mgrid[0:size, 0:size]
        wx = (xs + 0.5) / size * 2 * HALF - HALF
        wy = HALF - (ys + 0.5) / size * 2 * HALF
        image = np.full((size, size, 3), 245, dtype=np.uint8)
        gx, gy, gr = self.goal
        image[(wx - gx) ** 2 + (wy - gy) ** 2 < gr * gr] = (120, 200, 120)
        for ox, oy, r in self.obstacles:
            image[(wx - ox) ** 2 + (wy - oy) ** 2 < r * r] = (210, 80, 70)
        x, y = self.state[0], self.state[1]
        image[(wx - x) ** 2 + (wy - y) ** 2 < (2 * AGENT_RADIUS) ** 2] = (40, 90, 200)
        return image


gymnasium.register(id="PointMass-v0", entry_point=PointMassEnv, max_episode_steps=100)
