"""The ``viz`` command: start the workshop page's server and stop it with this command."""

from __future__ import annotations

import sys
from pathlib import Path

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t


def _free_port(host: str) -> int:
    """A port the OS says is free now (solara cannot report the one it picks for port 0)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            return sock.getsockname()[1]
    except OSError as exc:
        raise InputError(None, "--host", t("msg.viz.cannot_listen", host=host, reason=exc.strerror or exc)) from None


def _answers(host: str, port: int) -> bool:
    import socket

    try:
        with socket.create_connection((host if host not in ("0.0.0.0", "::") else "127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _workshop_folder(folder: Path | None) -> Path | None:
    """The folder to serve, checked before the server starts: it must hold a scenario that loads."""
    if folder is None:
        return None
    from binjai_sim.interfaces.workshop import folder as workshop_folder
    from binjai_sim.scenario.load import load_scenario

    if not folder.is_dir():
        raise InputError(str(folder), "--scenarios", t("msg.viz.not_folder"), t("msg.viz.folder_allowed"))
    folder = folder.resolve()
    first = workshop_folder.default_city(folder)
    load_scenario(workshop_folder.cities(folder)[first])  # a file that cannot be read is named now, not in the page
    return folder


# long: the server's start, its signals and its stop share the child process and must stay in one frame
def cmd_viz(args) -> int:
    import os
    import signal
    import subprocess
    import time

    from binjai_sim.base.extras import require
    from binjai_sim.base.procguard import set_parent_death_signal
    from binjai_sim.interfaces.workshop.folder import FOLDER_ENV, LANG_ENV

    require("workshop")
    if not 0 <= args.port <= 65535:
        raise InputError(None, "--port", t("msg.viz.not_port", port=args.port), "0 - 65535")
    folder = _workshop_folder(args.scenarios)
    port = args.port or _free_port(args.host)
    app = Path(__file__).resolve().parents[1] / "viz" / "app.py"
    solara = Path(sys.executable).with_name("solara")
    command = [str(solara), "run", str(app), "--host", args.host, "--port", str(port), "--production",
               "--no-open", "--no-check-version", "--log-level", "warning"]
    # offline by design: front-end files come from solara-assets, no telemetry
    # and the page carries no English banner or loader text of solara's own
    env = dict(os.environ, SOLARA_TELEMETRY_MIXPANEL_ENABLE="False", SOLARA_THEME_SHOW_BANNER="False",
               SOLARA_THEME_LOADER="plain")
    # the server imports the same `binjai_sim` package as this command (a checkout run with run.py, not
    # whichever copy is installed in the environment)
    package_root = str(Path(__file__).resolve().parents[3])
    env["PYTHONPATH"] = os.pathsep.join([package_root, *filter(None, [os.environ.get("PYTHONPATH")])])
    env.pop(FOLDER_ENV, None)
    env.pop(LANG_ENV, None)
    if args.lang:  # only when given: without it a page opens in Bahasa Indonesia, the room's language
        env[LANG_ENV] = args.lang
    if folder is not None:
        env[FOLDER_ENV] = str(folder)
    stopping = []

    def forward(signum, frame):  # the server must stop with this command, whoever signals it
        stopping.append(signum)
        if child.poll() is None:
            child.send_signal(signum)

    # the parent-death signal covers kill -9 of this process as well; the server's own messages go to
    # stderr, so the one line on stdout is the address below
    child = subprocess.Popen(command, env=env, stdout=sys.stderr, preexec_fn=set_parent_death_signal)  # noqa: PLW1509
    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        # announce the address only once the server listens on it, so the port printed is the one bound
        while child.poll() is None and not stopping and not _answers(args.host, port):
            time.sleep(0.2)
        if child.poll() is None and not stopping:
            print(t("msg.viz.serving", address=f"http://{args.host}:{port}"), flush=True)
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    if not stopping and code:
        print(t("msg.viz.stopped", code=code, port=port), file=sys.stderr)
    return 0 if stopping else code
