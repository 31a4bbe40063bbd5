"""Constants of the wire protocol shared by the server's parts."""

# Bumped on any change a client must know about; Foresight refuses a version it does not speak.
PROTOCOL_VERSION = 1


class RequestError(Exception):
    """A request the environment refuses; the reply carries ``kind`` and the message."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


def reward_of(reward):
    """A step's reward as the float the protocol carries; refuses (bad-reply) one that is not a finite
    number, naming it: float() raising in the server's own code would name neither the reward nor the step."""
    try:
        value = float(reward)
    except (TypeError, ValueError):
        raise RequestError("bad-reply", f"the reward {reward!r} is not a number: step() must return one (a float, or a numpy scalar)") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise RequestError("bad-reply", f"the reward {value} is not a finite number")
    return value
