"""NaN and infinity, which JSON cannot carry: nulled in infos, located in observations.

Only called once encoding a reply failed, so the step loops pay nothing for them.
"""

import math


def nulled(value):
    """`value` (an info) with every NaN or infinity as None, as the run's JSONL files write them:
    diagnostics (a MuJoCo metric, a ratio undefined this step) are often not finite, and an info
    only informs, so it should not fail the step."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: nulled(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [nulled(item) for item in value]
    tolist = getattr(value, "tolist", None)
    if tolist is not None:
        return nulled(tolist())
    return value


def nonfinite_at(value, path):
    """Where in `value` (plain JSON values) the first NaN or infinity lies, e.g. `observation["pos"][2]`; None if nowhere."""
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{path} ({value})"
    if isinstance(value, dict):
        items = ((f"[{_key(key)}]", item) for key, item in value.items())
    elif isinstance(value, (list, tuple)):
        items = ((f"[{i}]", item) for i, item in enumerate(value))
    else:
        return None
    for step, item in items:
        found = nonfinite_at(item, path + step)
        if found:
            return found
    return None


def _key(key):
    return f'"{key}"' if isinstance(key, str) else repr(key)
