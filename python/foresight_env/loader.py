"""Builds the environment a command line names: `gymnasium:<id>` or `<module>:<attribute>`."""

import importlib
import json
import os
import re
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
    _check_module_name(_module_of(target), target)
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


def _check_module_name(module, target):
    """A path where a module name goes (`./my_env`, `envs/my_env`) would fail deep in importlib ("the
    'package' argument is required"): said here, with the module name to write instead."""
    if module and (module.startswith(".") or "/" in module or "\\" in module):
        raise ValueError(
            f"{module!r} is a path, not a module name: name the module as Python imports it, from the folder the process runs in"
            f" or PYTHONPATH: {_without_py(target, module)}"
        )


def _without_py(target, module):
    """`target` with `module` written as a module name: `./my_env.py:Corridor-v0` → `my_env:Corridor-v0`."""
    path = os.path.normpath(module[:-3] if module.endswith(".py") else module).lstrip("./\\")
    named = path.replace("/", ".").replace("\\", ".")
    written = target.split(":", 1)[1] if target.startswith("gymnasium:") else target
    return named + written[len(module):]


def build_hint(error, target):
    """What to do about `error`, raised building `target`, where its own message does not say: "" if nothing."""
    module = _module_of(target)
    if isinstance(error, ModuleNotFoundError):
        # Gymnasium re-raises a module:Id's failed import without the module's name: it is in the message.
        missing = error.name or next(iter(re.findall(r"No module named '([^']+)'", str(error))), None)
        if module and module.endswith(".py") and missing and module.startswith(missing):
            return f"; {module} is the file, not the module's name: drop the .py: {_without_py(target, module)}"
        if missing and module and (module == missing or module.startswith(missing + ".")):
            return (
                f"; Python found no module {missing} in {os.getcwd()} (the folder the process runs in) or on PYTHONPATH:"
                " check the name, and that the module lies in that folder (or its folder is on PYTHONPATH)"
            )
        package = f" (pip install {missing.split('.')[0]})" if missing else ""
        return f"; install {'it' if missing else 'the missing module'} into {sys.executable}{package} or run an interpreter that has it"
    if type(error).__name__ == "NameNotFound" and target.startswith("gymnasium:"):
        return _unregistered_hint(target.split(":", 1)[1], module)
    return ""


def _module_of(target):
    """The module a target imports: `my_env` of `my_env:Corridor` and of `gymnasium:my_env:Corridor-v0`; None for a plain Gymnasium id."""
    if target.startswith("gymnasium:"):
        target = target.split(":", 1)[1]
    module, sep, _ = target.partition(":")
    return module if sep and module else None


def _unregistered_hint(gym_id, module):
    """A class is not an id: Gymnasium knows only what gymnasium.register named; the process environment takes a class."""
    name = gym_id.split(":", 1)[1] if module else gym_id
    found = getattr(sys.modules.get(module), re.sub(r"-v\d+$", "", name), None) if module else None
    if callable(found):
        attribute = re.sub(r"-v\d+$", "", name)
        command = json.dumps([sys.executable, "-m", "foresight_env", f"{module}:{attribute}"])
        return (
            f"; {module}.{attribute} is a class or factory, not a registered Gymnasium id: run it as the process environment,"
            f' {{"name": "process", "command": {command}}}, or register it in {module} (gymnasium.register("{attribute}-v0", entry_point={attribute}))'
        )
    command = json.dumps([sys.executable, "-m", "foresight_env", "my_module:MyEnv"])
    return f'; an environment class that is not registered with Gymnasium runs as the process environment: {{"name": "process", "command": {command}}}'
