"""Settings: defaults in code, overrides from TOML, clear errors for bad files."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from microtask.config import Config, PlanDay, load_config
from microtask.domain.errors import InvalidInputError
from microtask.domain.planner import PlanSettings
from microtask.domain.timer_config import TimerConfig
from microtask.domain.urgency import UrgencyCoefficients


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.toml").urgency == UrgencyCoefficients()


def test_urgency_coefficients_and_bonuses_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "[urgency]\ndue = 20\n[urgency.tag]\nwaiting = -3\n[urgency.project_bonus]\nx = 2\n"
    )
    urgency = load_config(path).urgency
    assert urgency.due == 20.0
    assert urgency.tag == {"next": 15.0, "waiting": -3.0}
    assert urgency.project_bonus == {"x": 2.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[urgency]\nbogus = 1\n", "unknown setting"),
        ("[urgency]\ndue = 'high'\n", "must be a number"),
        ("[urgency\n", "not valid TOML"),
        ("urgency = 3\n", "must be a table"),
    ],
)
def test_bad_settings_are_refused_with_the_file_named(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(InvalidInputError, match=message) as caught:
        load_config(path)
    assert str(path) in str(caught.value)


# -- [pomodoro] and [plan] -----------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_pomodoro_and_plan_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml")
    assert config.pomodoro == TimerConfig(1500, 300, 900, long_every=4, cycles=4)
    assert config.notify is True
    assert config.bell is True
    assert config.plan == PlanDay("09:00", "17:00", 900)
    assert config.plan.start == (9, 0)
    assert config.plan.end == (17, 0)
    assert config.plan_settings == PlanSettings()


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")) == Config(source=tmp_path / "config.toml")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('work = "50m"', {"work_seconds": 3000}),
        ('work = "1h30m"', {"work_seconds": 5400}),
        ("work = 30", {"work_seconds": 1800}),  # a bare number is minutes
        ("work = 0.5", {"work_seconds": 30}),
        ('short_break = "90s"', {"short_break_seconds": 90}),
        ('long_break = "20 min"', {"long_break_seconds": 1200}),
        ("long_every = 2", {"long_every": 2}),
        ("cycles = 8", {"cycles": 8}),
        ('work = "24h"', {"work_seconds": 86_400}),
    ],
)
def test_each_pomodoro_setting_overrides_its_default(
    tmp_path: Path, line: str, expected: dict[str, int]
) -> None:
    config = load_config(write(tmp_path, f"[pomodoro]\n{line}\n"))
    assert config.pomodoro == replace(TimerConfig(), **expected)
    assert isinstance(config.pomodoro.work_seconds, int)


@pytest.mark.parametrize("key", ["notify", "bell"])
def test_notify_and_bell_can_be_turned_off(tmp_path: Path, key: str) -> None:
    config = load_config(write(tmp_path, f"[pomodoro]\n{key} = false\n"))
    assert getattr(config, key) is False
    assert getattr(config, "bell" if key == "notify" else "notify") is True


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ('day_start = "08:30"', PlanDay(day_start="08:30")),
        ('day_start = "7am"', PlanDay(day_start="07:00")),
        ("day_start = 07:15:00", PlanDay(day_start="07:15")),  # a TOML local time
        ('day_end = "18:45"', PlanDay(day_end="18:45")),
        ('day_end = "24:00"', PlanDay(day_end="24:00")),
        ('day_end = "5:30pm"', PlanDay(day_end="17:30")),
        ('min_chunk = "15m"', PlanDay(min_chunk_seconds=900)),
        ('min_block = "20m"', PlanDay(min_chunk_seconds=1200)),
        ("min_chunk = 5", PlanDay(min_chunk_seconds=300)),
        ('day_start = "20:00"\nday_end = "23:00"', PlanDay("20:00", "23:00")),
    ],
)
def test_each_plan_setting_overrides_its_default(
    tmp_path: Path, lines: str, expected: PlanDay
) -> None:
    assert load_config(write(tmp_path, f"[plan]\n{lines}\n")).plan == expected


def test_the_plan_settings_use_the_configured_pomodoro(tmp_path: Path) -> None:
    path = write(tmp_path, '[pomodoro]\nwork = "50m"\nlong_every = 3\n[plan]\nmin_chunk = "20m"\n')
    plan_settings = load_config(path).plan_settings
    assert plan_settings.work_seconds == 3000
    assert plan_settings.long_every == 3
    assert plan_settings.min_chunk_seconds == 1200


def test_a_pomodoro_shorter_than_the_default_minimum_chunk_lowers_it(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[pomodoro]\nwork = "5m"\n'))
    assert config.plan.min_chunk_seconds == 300
    assert config.plan_settings.work_seconds == 300


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[pomodoro]\nwork = "0m"\n', r"\[pomodoro\] work must be a duration of more than 0"),
        ("[pomodoro]\nwork = 0\n", r"\[pomodoro\] work must be a duration"),
        ('[pomodoro]\nwork = "-5m"\n', r"\[pomodoro\] work must be a duration"),
        ("[pomodoro]\nshort_break = -5\n", r"\[pomodoro\] short_break must be a duration"),
        ('[pomodoro]\nlong_break = "25h"\n', r"at most a day.*not '25h'"),
        ('[pomodoro]\nwork = "86401s"\n', r"at most a day"),
        ('[pomodoro]\nwork = "soon"\n', r"such as \"25m\", \"1h30m\", \"90s\""),
        ("[pomodoro]\nwork = true\n", r"\[pomodoro\] work must be a duration"),
        ("[pomodoro]\nwork = [25]\n", r"\[pomodoro\] work must be a duration"),
        ("[pomodoro]\nwork = nan\n", r"\[pomodoro\] work must be a duration"),
        ("[pomodoro]\nwork = inf\n", r"\[pomodoro\] work must be a duration"),
        ("[pomodoro]\nlong_every = 0\n", r"\[pomodoro\] long_every must be at least 1"),
        ("[pomodoro]\ncycles = 0\n", r"\[pomodoro\] cycles must be between 1 and 100"),
        ("[pomodoro]\ncycles = 101\n", r"\[pomodoro\] cycles must be between 1 and 100"),
        ("[pomodoro]\ncycles = 2.5\n", r"\[pomodoro\] cycles must be a whole number"),
        ('[pomodoro]\nlong_every = "4"\n', r"\[pomodoro\] long_every must be a whole number"),
        ('[pomodoro]\nnotify = "yes"\n', r"\[pomodoro\] notify must be true or false"),
        ("[pomodoro]\nbell = 1\n", r"\[pomodoro\] bell must be true or false"),
        ('[plan]\nday_start = "25:00"\n', r"\[plan\] day_start must be a time of day"),
        ('[plan]\nday_start = "24:00"\n', r"\[plan\] day_start must be a time of day"),
        ("[plan]\nday_start = 9\n", r"\[plan\] day_start must be a time of day"),
        ("[plan]\nday_start = 09:00:30\n", r"\[plan\] day_start must be a time of day"),
        ('[plan]\nday_end = "5pmish"\n', r"\[plan\] day_end must be a time of day"),
        ('[plan]\nday_end = "08:00"\n', r"day_end \(08:00\) must be after day_start \(09:00\)"),
        ('[plan]\nday_start = "17:00"\n', r"must be after day_start \(17:00\)"),
        ('[plan]\nmin_chunk = "0s"\n', r"\[plan\] min_chunk must be a duration"),
        ('[plan]\nmin_chunk = "30m"\n', r"min_chunk \(30m\) must not be longer than .*\(25m\)"),
        ('[plan]\nmin_block = "30m"\n', r"min_block \(30m\) must not be longer than .*\(25m\)"),
        ('[pomodoro]\nwork = "10m"\n[plan]\nmin_chunk = 11\n', r"must not be longer"),
        ("pomodoro = 25\n", r"\[pomodoro\] must be a table"),
        ("plan = 'all day'\n", r"\[plan\] must be a table"),
    ],
)
def test_bad_pomodoro_and_plan_values_are_refused_saying_what_is_accepted(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidInputError, match=message) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "table", "key", "hint", "known"),
    [
        (
            "[pomodoro]\nwork_seconds = 1500\n",
            "pomodoro",
            "work_seconds",
            "",
            "bell, cycles, daily_goal, long_break, long_every, notify, short_break, work",
        ),
        (
            "[plan]\nstart = '9'\n",
            "plan",
            "start",
            " (did you mean day_start?)",
            "day_end, day_start, min_block, min_chunk",
        ),
    ],
)
def test_unknown_keys_are_refused_naming_the_file_table_key_and_known_keys(
    tmp_path: Path, text: str, table: str, key: str, hint: str, known: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidInputError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: unknown setting [{table}] {key}{hint}; known: {known}"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[pomodro]\nwork = '25m'\n", "unknown table or setting pomodro (did you mean pomodoro?)"),
        ("work = '25m'\n", "unknown table or setting work;"),
        ("[urgency]\nage_max_days = 0\n", "[urgency] age_max_days must be a number more than 0"),
        ("[urgency]\ndue_ramp_days = -1\n", "[urgency] due_ramp_days must be a number more than"),
        ("[urgency]\ndue = nan\n", "[urgency] due must be a number from -1000 to 1000, not nan"),
        ("[urgency]\ndue = inf\n", "[urgency] due must be a number from -1000 to 1000, not inf"),
        ("[urgency.tag]\nwaiting = nan\n", "[urgency.tag] waiting must be a number"),
        ("x = " + "[" * 2000 + "]" * 2000 + "\n", "nested too deeply"),
    ],
)
def test_settings_that_would_break_later_are_refused_at_load(
    tmp_path: Path, text: str, shown: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidInputError) as caught:
        load_config(path)
    assert shown in str(caught.value)


@pytest.mark.parametrize(
    "changes",
    [
        {"day_start": "9:00"},
        {"day_start": "9am"},
        {"day_end": "25:00"},
        {"day_start": "24:00"},
        {"day_start": "12:00", "day_end": "12:00"},
        {"min_chunk_seconds": 0},
        {"min_chunk_seconds": True},
    ],
)
def test_plan_day_validates_itself(changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError):
        PlanDay(**changes)


def test_loading_a_config_with_durations_imports_neither_pendulum_nor_tomllib_early(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, '[pomodoro]\nwork = "50m"\n[plan]\nday_start = "8am"\n')
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import microtask.config as c\n"
        "assert 'tomllib' not in sys.modules\n"
        f"config = c.load_config(Path({str(path)!r}))\n"
        "assert config.pomodoro.work_seconds == 3000\n"
        "assert 'pendulum' not in sys.modules, 'pendulum imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_daily_goal_and_week_start_default_to_eight_and_monday(tmp_path: Path) -> None:
    config = load_config(tmp_path / "missing.toml")
    assert (config.daily_goal, config.week_start) == (8, 0)


@pytest.mark.parametrize(
    ("text", "goal", "week_start"),
    [
        ("[pomodoro]\ndaily_goal = 12\n", 12, 0),
        ("[pomodoro]\ndaily_goal = 0\n", 0, 0),
        ('[report]\nweek_start = "sunday"\n', 8, 6),
        ('[report]\nweek_start = "Sat"\n', 8, 5),
    ],
)
def test_daily_goal_and_week_start_are_read(
    tmp_path: Path, text: str, goal: int, week_start: int
) -> None:
    config = load_config(write(tmp_path, text))
    assert (config.daily_goal, config.week_start) == (goal, week_start)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[pomodoro]\ndaily_goal = -1\n", r"daily_goal must be a whole number from 0 to 100"),
        ("[pomodoro]\ndaily_goal = 2.5\n", r"daily_goal must be a whole number"),
        ("[pomodoro]\ndaily_goal = true\n", r"daily_goal must be a whole number"),
        ('[report]\nweek_start = "t"\n', r"week_start must be a weekday name"),
        ('[report]\nweek_start = "funday"\n', r"week_start must be a weekday name"),
        ("[report]\nweek_start = 1\n", r"week_start must be a weekday name"),
        (
            "[report]\nweeks = 1\n",
            r"unknown setting \[report\] weeks \(did you mean week_start\?\); known: week_start",
        ),
    ],
)
def test_bad_daily_goal_and_week_start_are_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        load_config(write(tmp_path, text))
