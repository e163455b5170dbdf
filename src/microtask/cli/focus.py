"""Focus commands: pomodoro, start, stop, status (block run shares the runner with pomodoro)."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from microtask.cli import completion
from microtask.cli.common import get_app
from microtask.cli.options import JsonOpt
from microtask.cli.output import output
from microtask.domain.errors import InvalidInputError
from microtask.domain.model import parse_task_id
from microtask.domain.text import visible

if TYPE_CHECKING:
    from microtask.domain.timer_config import TimerConfig
    from microtask.domain.views.runs import RunTarget
    from microtask.services import App

MAX_SECONDS = 86_400


def _seconds(flag: str, text: str | None) -> int | None:
    """A duration flag, checked: more than 0 and at most a day."""
    if text is None:
        return None
    from microtask.domain.durations import parse_duration

    refusal = InvalidInputError(
        f"{flag} must be a duration of more than 0 and at most 24h "
        f"(25m, 1h30m, 90s, 1.5h or a number of minutes), got {text!r}"
    )
    try:
        seconds = parse_duration(text)
    except InvalidInputError:
        raise refusal from None
    if not 0 < seconds <= MAX_SECONDS:
        raise refusal
    return seconds


def _timer_config(
    app: App,
    work: str | None,
    short_break: str | None,
    long_break: str | None,
    long_every: int | None,
    cycles: int | None,
) -> TimerConfig:
    from dataclasses import replace

    base = app.config.pomodoro
    changes: dict[str, float | int] = {}
    for flag, text, name in (
        ("--work", work, "work_seconds"),
        ("--short-break", short_break, "short_break_seconds"),
        ("--long-break", long_break, "long_break_seconds"),
    ):
        seconds = _seconds(flag, text)
        if seconds is not None:
            changes[name] = seconds
    if long_every is not None:
        if not 1 <= long_every <= 100:
            raise InvalidInputError(f"--long-every must be between 1 and 100, got {long_every}")
        changes["long_every"] = long_every
    if cycles is not None:
        if not 1 <= cycles <= 100:
            raise InvalidInputError(f"--cycles must be between 1 and 100, got {cycles}")
        changes["cycles"] = cycles
    return replace(base, **changes)  # type: ignore[arg-type]


def _choose_task(app: App, task: str | None, free: bool, yes: bool) -> int | None:
    """The task to focus on: the given ID, none with --free, or the `next` task, confirmed."""
    from microtask.terminal import stdin_is_terminal

    if task is not None:
        if free:
            raise InvalidInputError("give a task ID or --free, not both")
        return parse_task_id(task)
    if free:
        return None
    from microtask.services import next_task

    found = next_task(app)
    if found is None:
        raise InvalidInputError(
            "no open task to offer: add one (`microtask add`), give an ID, or use --free"
        )
    label = f"task {found.task.id} {visible(found.task.title)!r}"
    if yes:
        return found.task.id
    if not stdin_is_terminal():
        raise InvalidInputError(
            f"the next task is {label}: pass --yes to take it, give an ID, or use --free"
        )
    if not typer.confirm(f"Focus on {label}?", default=True, err=True):
        raise typer.Exit(1)
    return found.task.id


def run_focus(
    app: App,
    kind: str,
    config: TimerConfig,
    target: RunTarget,
    as_json: bool,
) -> None:
    """Run the timer with the live view (or plain lines), record it, print the summary."""
    import time

    from microtask.domain.sessions import SessionKind
    from microtask.runner import FocusRun, RunContext, stop_on_signals
    from microtask.services.recording import RunRecorder
    from microtask.terminal import Alerts, NoKeys, PlainDisplay, TerminalKeys, stdin_is_terminal

    results = output(as_json)
    out = results.progress_stream
    live = out.isatty() and os.environ.get("TERM") != "dumb"
    interactive = stdin_is_terminal()
    task = target.task
    context = RunContext(
        kind=kind,
        task_id=None if task is None else task.id,
        task_title=None if task is None else task.title,
        parent_title=target.parent_title,
        block_title=None if target.block is None else target.block.title,
        pomodoros_before=target.pomodoros_today,
        live=live,
        interactive=interactive,
    )
    if live:
        from microtask.render.live import LiveDisplay

        display: LiveDisplay | PlainDisplay = LiveDisplay(to_stderr=out is sys.stderr)
    else:
        display = PlainDisplay(out)
    recorder = RunRecorder(
        app,
        SessionKind(kind),
        context.task_id,
        None if target.block is None else target.block.id,
        time.monotonic(),
    )
    keys: TerminalKeys | NoKeys = TerminalKeys(sys.stdin) if interactive else NoKeys()
    try:
        with stop_on_signals():
            result = FocusRun(
                config,
                context,
                recorder,
                display,
                keys,
                time.monotonic,
                alert=Alerts(app.config.bell, app.config.notify, out),
            ).run()
    finally:
        keys.close()
    summary = recorder.finish(result.state, result.stopped_early)
    # If the terminal closed (SIGHUP), the run is recorded and there is no one to tell.
    with contextlib.suppress(OSError):
        results.run_summary(summary)
    if result.interrupted_by_signal:
        raise typer.Exit(130)


def pomodoro(
    ctx: typer.Context,
    task: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="The task to focus on (default: offer the next one).",
            autocompletion=completion.task_ids,
        ),
    ] = None,
    work: Annotated[
        str | None, typer.Option("--work", metavar="DURATION", help="Work length (25m).")
    ] = None,
    short_break: Annotated[
        str | None,
        typer.Option("--short-break", metavar="DURATION", help="Short break length (5m)."),
    ] = None,
    long_break: Annotated[
        str | None,
        typer.Option("--long-break", metavar="DURATION", help="Long break length (15m)."),
    ] = None,
    long_every: Annotated[
        int | None,
        typer.Option("--long-every", metavar="N", help="A long break after every N-th pomodoro."),
    ] = None,
    cycles: Annotated[
        int | None, typer.Option("--cycles", metavar="N", help="Pomodoros to run (4).")
    ] = None,
    free: Annotated[bool, typer.Option("--free", help="Focus without a task.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Take the offered next task without asking.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Run pomodoros on a task, with a live countdown.

    Keys: space pauses, s skips a phase, q or Ctrl-C stops. Every work interval is recorded
    as a session, an interrupted one too.
    """
    from microtask.services.recording import prepare_pomodoro

    app = get_app(ctx)
    config = _timer_config(app, work, short_break, long_break, long_every, cycles)
    task_id = _choose_task(app, task, free, yes)
    target = prepare_pomodoro(app, task_id)
    run_focus(app, "pomodoro", config, target, json)


def start(
    ctx: typer.Context,
    task: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The task you start working on.", autocompletion=completion.task_ids
        ),
    ],
    json: JsonOpt = False,
) -> None:
    """Start tracking time on a task, without a timer.

    Stop with `microtask stop`; only one thing runs at a time.
    """
    from microtask.services.tracking import start_tracking

    app = get_app(ctx)
    output(json).tracking_started(start_tracking(app, parse_task_id(task)), app.now())


def stop(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Stop what runs now.

    A tracking, or a pomodoro or block run going on in another terminal.
    """
    from microtask.services.tracking import stop_running

    output(json).stopped(stop_running(get_app(ctx)))


def status(
    ctx: typer.Context,
    json: JsonOpt = False,
    short: Annotated[
        bool,
        typer.Option("--short", help="One compact line for a shell prompt; nothing when idle."),
    ] = False,
) -> None:
    """What runs now, and the time left.

    The phase and time left of a pomodoro or block run, or a tracking and its time so far.
    Fast enough for a shell prompt (--short).
    """
    from microtask.services.tracking import current_status

    output(json).status(current_status(get_app(ctx)), short)
