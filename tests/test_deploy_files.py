"""The deployment files under deploy/systemd/ are the ones docs/deploy.md shows, and the
daily purge of comments' IP addresses they set up runs the site's command as the site runs."""

import re
import shutil
import subprocess
from configparser import ConfigParser
from pathlib import Path

import pytest
from django.core.management import get_commands

PROJECT_DIR = Path(__file__).resolve().parent.parent
SYSTEMD_DIR = PROJECT_DIR / "deploy" / "systemd"
UNIT_FILES = sorted(SYSTEMD_DIR.iterdir())


def read_unit(name):
    unit = ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str
    unit.read_string((SYSTEMD_DIR / name).read_text())
    return unit


def test_deploy_systemd_holds_the_purge_service_and_its_timer():
    assert {"hfs-purge-ips.service", "hfs-purge-ips.timer"} <= {path.name for path in UNIT_FILES}


@pytest.mark.parametrize("path", UNIT_FILES, ids=lambda path: path.name)
def test_docs_deploy_shows_each_systemd_file_whole(path):
    doc = (PROJECT_DIR / "docs" / "deploy.md").read_text()
    shown = re.findall(r"```ini\n(.*?)```", doc, re.DOTALL)
    assert path.read_text() in shown


def test_the_purge_runs_the_sites_command_as_the_site_with_its_environment():
    service = read_unit("hfs-purge-ips.service")["Service"]
    assert service["User"] == "hfs"
    assert service["WorkingDirectory"] == "/srv/hfs/app"
    assert service["EnvironmentFile"] == "/etc/hfs/env"
    program, script, command = service["ExecStart"].split()
    assert (program, script) == ("/srv/hfs/app/.venv/bin/python", "manage.py")
    assert get_commands()[command] == "comments"


def test_the_purge_runs_daily_and_catches_up_after_a_shutdown():
    timer = read_unit("hfs-purge-ips.timer")
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d", timer["Timer"]["OnCalendar"])
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_finds_nothing_wrong_in_the_units():
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, UNIT_FILES)],
        capture_output=True,
        text=True,
    )
    # The only complaint allowed: this machine has no /srv/hfs/app/.venv.
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line and "/srv/hfs/app/.venv/bin/python is not executable" not in line
    ]
    assert problems == []


def test_the_readme_cron_line_runs_in_the_app_folder_with_the_environment_file():
    readme = (PROJECT_DIR / "README.md").read_text()
    cron = re.search(r"`(\d+ \d+ \* \* \* .*purge_comment_ips)`", readme)
    assert cron
    assert "cd /srv/hfs/app &&" in cron.group(1)
    assert "set -a && . /etc/hfs/env && set +a" in cron.group(1)
