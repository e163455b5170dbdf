"""Settings: defaults in code, overrides from TOML, clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from microtask.config import load_config
from microtask.domain.errors import InvalidInputError
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
