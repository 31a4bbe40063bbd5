"""Constants of the wire protocol shared by the server's parts."""

# Bumped on any change a client must know about; Foresight refuses a version it does not speak.
PROTOCOL_VERSION = 1


class RequestError(Exception):
    """A request the environment refuses; the reply carries ``kind`` and the message."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
