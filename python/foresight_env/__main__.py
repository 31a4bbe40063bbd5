"""python3 -m foresight_env gymnasium:CartPole-v1 [--kwargs JSON] [--snapshot auto|off] [--batch on|off] [--listen HOST:PORT | --http HOST:PORT]"""

import argparse
import json
import sys

from .interrupted import end_as_interrupted
from .loader import build_hint, load_env
from .raised import raised_at, tell_traceback
from .server import claim_stdout, serve
from .spaces import check_spaces
from .stack_dumps import enable_stack_dumps


def main(argv=None):
    enable_stack_dumps()
    parser = argparse.ArgumentParser(
        prog="python3 -m foresight_env",
        description="Serve an environment to Foresight over stdin/stdout (docs/environment-protocol.md).",
    )
    parser.add_argument("target", help="gymnasium:<id> (e.g. gymnasium:CartPole-v1) or <module>:<class or factory>")
    parser.add_argument("--kwargs", default="{}", help="JSON object of keyword arguments for gymnasium.make or the factory")
    parser.add_argument("--snapshot", choices=["auto", "off"], default="auto", help="offer snapshot/restore/clone when deep copies prove sound (auto) or never (off)")
    parser.add_argument("--listen", metavar="HOST:PORT", help="serve over WebSocket on this address instead of stdin/stdout, a fresh environment per connection (docs/environment-protocol.md, \"Over a WebSocket\")")
    parser.add_argument("--http", metavar="HOST:PORT", help="serve over HTTP on this address instead of stdin/stdout: each request line POSTed, a fresh environment per session (docs/environment-protocol.md, \"Over HTTP\")")
    parser.add_argument("--batch", choices=["on", "off"], default="on", help="offer batches of requests in one line (on), or declare no batch capability (off: one round trip per request)")
    args = parser.parse_args(argv)
    if args.listen and args.http:
        parser.error("--listen (WebSocket) and --http: choose one")
    try:
        kwargs = json.loads(args.kwargs)
    except ValueError as error:
        parser.error(f"--kwargs is not JSON: {error}")
    if not isinstance(kwargs, dict):
        parser.error("--kwargs must be a JSON object")
    name = args.target.split(":", 1)[1] if args.target.startswith("gymnasium:") else args.target
    # Claimed before the environment's module is imported: a print there or in its constructor would
    # otherwise reach Foresight as a reply that is not JSON.
    protocol = None if args.listen or args.http else claim_stdout()
    try:
        env = load_env(args.target, kwargs)
        check_spaces(env)
    except Exception as raised:
        error = _import_failure(raised)
        where = raised_at(error)
        if where:
            tell_traceback(error)
        at = f" (at {where})" if where else ""
        # A Gymnasium id as the user wrote it (the gymnasium environment's id param), not after the prefix the command adds.
        built = f"{name} (gymnasium.make)" if args.target.startswith("gymnasium:") else args.target
        print(f"foresight_env: cannot build {built}: {type(error).__name__}: {error}{at}{build_hint(error, args.target)}", file=sys.stderr)
        return 2
    if args.listen:
        from .websocket import serve_websocket

        # The environment built above proved the target loads; each connection gets its own.
        env.close()
        serve_websocket(lambda: load_env(args.target, kwargs), args.listen, name=name, snapshot=args.snapshot, batch=args.batch == "on")
        return 0
    if args.http:
        from .http_server import serve_http

        env.close()
        serve_http(lambda: load_env(args.target, kwargs), args.http, name=name, snapshot=args.snapshot, batch=args.batch == "on")
        return 0
    serve(env, name=name, snapshot=args.snapshot, batch=args.batch == "on", make=lambda: load_env(args.target, kwargs), stdout=protocol)
    return 0


def _import_failure(error):
    """The import that failed where Gymnasium re-raised it as its own ModuleNotFoundError (a module:Id's
    module, or one it imports): the original names the module and has the traceback that points at the
    user's line, without Gymnasium's sentence about registration in front of the hint."""
    cause = error.__cause__
    if isinstance(error, ModuleNotFoundError) and isinstance(cause, ModuleNotFoundError):
        return cause
    return error


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        end_as_interrupted()
