"""GridWorld's encodings (`position`, `coords`, `grid`, `patch`; docs/encodings.md, "GridWorld") in Python,
number for number as nodes/environment/gridworld/encodings.ts writes them.

    from foresight_env.gridworld_encodings import encode_gridworld
    encode_gridworld("position", {"agent": [1, 0], "goal": [6, 8], "map": "lava-bridge"})

An observation names its map. The built-in maps' layouts are here; a random map's (`random-<seed>`)
is drawn by Foresight's generator, which this module does not copy: pass its `rows`, as the run's
trace gives them (`episode.start`'s `scene.rows`), or as your own layout in code (`custom`).
"""

import json
from array import array

__all__ = ["ENCODINGS", "NAMED_MAPS", "encoding_shape", "encode_gridworld"]

ENCODINGS = ("position", "coords", "grid", "patch")

# The rows of nodes/environment/gridworld/maps.ts.
NAMED_MAPS = {
    "lava-bridge": (
        "S........",
        ".........",
        "..LL.LL..",
        "..LL.LL..",
        ".........",
        ".........",
        "........G",
    ),
    "cliff": (
        "..............",
        "S............G",
        "LLLLLLLLLLLLLL",
    ),
    "lava-maze": (
        "S.....#..",
        ".##L#.#..",
        ".#....L..",
        ".#.##.#..",
        "...L#...G",
    ),
}

_PATCH_SIDE = 5
_PATCH_REACH = 2
# The map's own planes, in channel order: grid adds the agent as a fourth, patch reads the first three.
_PLANE_TILES = ("#", "L", "G")


def encoding_shape(encoding, height, width):
    """The encoding's shape on a map `height` × `width` (one observation, no batch dimension)."""
    shapes = {"position": [height * width], "coords": [4], "grid": [4, height, width], "patch": [3, _PATCH_SIDE, _PATCH_SIDE]}
    if encoding not in shapes:
        raise ValueError(f"gridworld has no encoding {encoding!r}; its encodings: {', '.join(ENCODINGS)}")
    return shapes[encoding]


def encode_gridworld(encoding, observation, rows=None):
    """One GridWorld observation (`{"agent": [row, col], "goal": [row, col], "map": name}`, or its JSON
    text as a dataset records it) in the named encoding, flat and row-major, as float32 values.

    `rows` is the map's layout (a list of strings of `# . L S G`); by default the built-in map the
    observation names. Raises ValueError when the observation does not fit the map, as Foresight does.
    """
    if isinstance(observation, str):
        observation = json.loads(observation)
    if not isinstance(observation, dict) or not isinstance(observation.get("map"), str):
        raise ValueError(f"{_brief(observation)} is not a gridworld observation ({{ agent: [row, col], goal: [row, col], map }})")
    name = observation["map"]
    if rows is None:
        if name not in NAMED_MAPS:
            raise ValueError(
                f"map {name!r} is not a built-in map ({', '.join(NAMED_MAPS)}): pass its rows, e.g. from the trace's episode.start scene"
            )
        rows = NAMED_MAPS[name]
    height, width = len(rows), len(rows[0]) if rows else 0
    if height == 0 or width == 0 or any(len(row) != width for row in rows):
        raise ValueError(f"map {name!r}: rows must be equally long, non-empty strings")
    goals = [r * width + c for r, row in enumerate(rows) for c, tile in enumerate(row) if tile == "G"]
    if len(goals) != 1:
        raise ValueError(f"map {name!r}: needs exactly one G, found {len(goals)}")
    agent = _cell(observation.get("agent"), height, width, name, "agent")
    goal = _cell(observation.get("goal"), height, width, name, "goal")
    if rows[agent // width][agent % width] == "#":
        raise ValueError(f"the observation puts the agent on a wall at {[agent // width, agent % width]} of map {name!r}")
    if goal != goals[0]:
        raise ValueError(f"the observation puts the goal at {[goal // width, goal % width]}, but map {name!r} has it at {[goals[0] // width, goals[0] % width]}")

    area = height * width
    out = [0.0] * _size(encoding_shape(encoding, height, width))
    if encoding == "position":
        out[agent] = 1.0
    elif encoding == "coords":
        # A one-row (or one-column) map has only coordinate 0: max(1, ·) keeps it 0 instead of dividing by 0.
        row_scale, col_scale = max(1, height - 1), max(1, width - 1)
        out[:] = [agent // width / row_scale, agent % width / col_scale, goal // width / row_scale, goal % width / col_scale]
    elif encoding == "grid":
        for cell in range(area):
            tile = rows[cell // width][cell % width]
            if tile in _PLANE_TILES:
                out[_PLANE_TILES.index(tile) * area + cell] = 1.0
        out[3 * area + agent] = 1.0
    else:
        side = _PATCH_SIDE * _PATCH_SIDE
        agent_row, agent_col = divmod(agent, width)
        for i in range(_PATCH_SIDE):
            row = agent_row + i - _PATCH_REACH
            for j in range(_PATCH_SIDE):
                col = agent_col + j - _PATCH_REACH
                at = i * _PATCH_SIDE + j
                if not (0 <= row < height and 0 <= col < width):
                    out[at] = 1.0  # off the map reads as wall
                    continue
                tile = rows[row][col]
                if tile in _PLANE_TILES:
                    out[_PLANE_TILES.index(tile) * side + at] = 1.0
    return array("f", out).tolist()


def _cell(value, height, width, name, what):
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(x, (int, float)) and not isinstance(x, bool) and float(x).is_integer() for x in value)
        and 0 <= value[0] < height
        and 0 <= value[1] < width
    ):
        return int(value[0]) * width + int(value[1])
    raise ValueError(f"the observation's {what} is {_brief(value)}; expected [row, col] with integers inside map {name!r} ({height} × {width})")


def _size(shape):
    size = 1
    for d in shape:
        size *= d
    return size


def _brief(value):
    text = json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."
