"""What the editor's step view draws of an environment, sent with each reset as `scene` (optional),
and the names of its discrete actions, sent with its spaces as `actionLabels` (optional).

An environment of the user's own may say it with a method `foresight_scene()` on its unwrapped
class (a JSON object with a string `kind` the editor has a view for, docs/trace-events.md § Scenes).
Gymnasium's Pendulum, CartPole and MountainCar (both) need no such method: their scenes come from
their constants here, so `gymnasium:Pendulum-v1` is drawn as the built-in Pendulum is.
"""


def scene_of(env):
    """The environment's scene after a reset, or None."""
    unwrapped = getattr(env, "unwrapped", env)
    own = getattr(unwrapped, "foresight_scene", None)
    if callable(own):
        return own()
    known = _KNOWN.get(type(unwrapped).__name__)
    return known(unwrapped) if known else None


def _pendulum(env):
    return {"kind": "pendulum", "maxTorque": float(env.max_torque)}


def _cartpole(env):
    return {"kind": "cartpole", "xThreshold": float(env.x_threshold), "thetaThreshold": float(env.theta_threshold_radians), "poleLength": 2 * float(env.length)}


def _mountain_car(env):
    return {"kind": "mountaincar", "minPosition": float(env.min_position), "maxPosition": float(env.max_position), "goalPosition": float(env.goal_position)}


# By the unwrapped class's name, so the module needs no Gymnasium to import.
_KNOWN = {"PendulumEnv": _pendulum, "CartPoleEnv": _cartpole, "MountainCarEnv": _mountain_car, "Continuous_MountainCarEnv": _mountain_car}


def action_labels_of(env):
    """Names of a discrete action space's actions, in action order, or None.

    From the environment's `get_action_meanings()` (Atari's), else Gymnasium's documented names
    for CartPole and MountainCar (as the built-in CartPole names its pushes).
    """
    unwrapped = getattr(env, "unwrapped", env)
    meanings = getattr(unwrapped, "get_action_meanings", None)
    if callable(meanings):
        return [str(m) for m in meanings()]
    return _KNOWN_LABELS.get(type(unwrapped).__name__)


_KNOWN_LABELS = {"CartPoleEnv": ["push left", "push right"], "MountainCarEnv": ["push left", "no push", "push right"]}
