"""The live pomodoro / time-block view: one calm panel with a big countdown.

Built fresh from a :class:`FocusScreen` every frame, so it holds no state; its width is
fixed (at most 60 columns) so the frame does not jump while the seconds tick.
"""

from __future__ import annotations

from rich import box
from rich.align import Align
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.text import Text

from microtask.domain.timer_config import PHASE_NAMES
from microtask.domain.views.runs import FocusScreen
from microtask.format import countdown, exact_duration
from microtask.render.tasks import user_text

PANEL_WIDTH = 60
BIG_DIGITS_MAX_WIDTH = 50
KEY_HINTS = "space pause/resume · s skip · q stop"

PHASE_STYLES = {"work": "bold red", "short_break": "bold green", "long_break": "bold blue"}
PAUSED_STYLE = "dim"

# A 3x5 pixel font; each pixel is drawn two cells wide so the digits look square.
_FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", "###", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
}
FONT_ROWS = 5


def phase_label(phase: str) -> str:
    """``work`` -> ``Work``, ``short_break`` -> ``Short break``; unknown phases as given."""
    return PHASE_NAMES.get(phase, phase.replace("_", " ")).capitalize()


def phase_style(phase: str, paused: bool = False) -> str:
    """The colour of a phase (dim while paused): red work, green short break, blue long."""
    return PAUSED_STYLE if paused else PHASE_STYLES.get(phase, "bold")


def big_digits(clock: str, max_width: int = BIG_DIGITS_MAX_WIDTH) -> list[str]:
    """``clock`` (digits and colons) drawn as five rows of block characters."""
    for gap in (2, 1, 0):
        rows = [
            (" " * gap).join(
                _FONT[char][row].replace("#", "██").replace(" ", "  ") for char in clock
            )
            for row in range(FONT_ROWS)
        ]
        if len(rows[0]) <= max_width:
            break
    return rows


def _heading(screen: FocusScreen) -> list[Text]:
    lines: list[Text] = []
    if screen.kind == "block" and screen.block_title is not None:
        lines.append(Text("Block: ", style="dim").append_text(user_text(screen.block_title)))
    if screen.task_title is not None:
        title = Text()
        if screen.task_id is not None:
            title.append(f"{screen.task_id}  ", style="cyan")
        lines.append(title.append_text(user_text(screen.task_title, "bold")))
        if screen.parent_title is not None:
            lines.append(
                Text("in ", style="dim").append_text(user_text(screen.parent_title, "dim"))
            )
    elif screen.kind != "block" or screen.block_title is None:
        lines.append(Text("Free focus", style="bold italic"))
    for line in lines:
        line.justify = "center"
        line.no_wrap = True
        line.overflow = "ellipsis"
    return lines


def _facts(screen: FocusScreen) -> Text:
    facts = [
        f"Cycle {screen.cycle} of {screen.cycles}",
        f"Pomodoros today: {screen.pomodoros_today}",
        f"Focus: {exact_duration(screen.focus_seconds)}",
    ]
    return Text("   ".join(facts), justify="center")


def focus_view(screen: FocusScreen) -> RenderableType:
    """One frame of the live view: phase, task, big countdown, progress and counts."""
    style = phase_style(screen.phase, screen.paused)
    clock = countdown(screen.remaining_seconds)
    # One block, centred as a whole: centring each row on its own shifted the rows whose
    # last pixels are blank by a column, and the clock shook as the digits changed.
    digits = Align.center(
        Text("\n".join(big_digits(clock)), style=style, no_wrap=True, overflow="crop")
    )
    total = max(screen.phase_seconds, 1.0)
    elapsed = min(max(screen.phase_seconds - screen.remaining_seconds, 0.0), total)
    bar = ProgressBar(
        total=total,
        completed=elapsed,
        complete_style="dim" if screen.paused else style.replace("bold ", ""),
        finished_style="dim" if screen.paused else style.replace("bold ", ""),
    )
    plain_clock = Text(clock, style="bold", justify="center")
    if screen.paused:
        plain_clock.append("  paused", style="dim italic")
    parts: list[RenderableType] = [
        *_heading(screen),
        Text(""),
        digits,
        plain_clock,
        Text(""),
        bar,
        Text(""),
        _facts(screen),
    ]
    if screen.interactive:
        parts.append(Text(KEY_HINTS, style="dim", justify="center"))
    title = Text(f" {phase_label(screen.phase)}", style=style)
    if screen.paused:
        title.append(" — paused")
    title.append(" ")
    return Panel(
        Group(*parts),
        title=title,
        border_style=style.replace("bold ", "") if not screen.paused else PAUSED_STYLE,
        box=box.ROUNDED,
        width=PANEL_WIDTH,
        padding=(1, 2),
    )
