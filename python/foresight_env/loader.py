"""Builds the environment a command line names: `gymnasium:<id>` or `<module>:<attribute>`."""

import importlib
import os
import sys


ENVIRONMENT_PARTS = ("observation_space", "action_space", "reset", "step")


def check_environment(env, what):
    """Raises TypeError naming what `env` lacks to be served, where the protocol would otherwise fail deep inside."""
    missing = [part for part in ENVIRONMENT_PARTS if not hasattr(env, part)]
    if missing:
        raise TypeError(
            f"{what} ({type(env).__name__}) is not an environment: it has no {', '.join(missing)}"
            " (a gymnasium.Env has observation_space, action_space, reset and step)"
        )


def load_env(target, kwargs=None):
    """`gymnasium:CartPole-v1` → gymnasium.make("CartPole-v1", **kwargs); `my_module:MyEnv` → MyEnv(**kwargs).

    The attribute may be a class or factory (called with the kwargs) or a ready environment.
    Modules are looked up from the current folder too, as `python3 my_script.py` would.
    """
    kwargs = kwargs or {}
    module_name, sep, attribute = target.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError(f"{target!r}: name an environment as gymnasium:<id> or <module>:<attribute>")
    if module_name == "gymnasium":
        import gymnasium

        return gymnasium.make(attribute, **kwargs)
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    module = importlib.import_module(module_name)
    try:
        found = getattr(module, attribute)
    except AttributeError:
        raise ValueError(f"{target!r}: module {module_name} has no {attribute}") from None
    if hasattr(found, "step") and hasattr(found, "reset") and not isinstance(found, type):
        if kwargs:
            raise ValueError(f"{target!r} is an environment, not a class or factory: it takes no arguments")
        env = found
    elif callable(found):
        env = found(**kwargs)
    else:
        raise TypeError(f"{target!r} is not callable ({type(found).__name__}): name an environment class, a factory or an environment")
    check_environment(env, f"what {target} made")
    return env
