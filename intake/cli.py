"""The `intake` command: intake's own commands plus those other packages name as entry points."""

from __future__ import annotations

import logging
import sys
from importlib.metadata import entry_points

import click

from intake.commands import cli_locale, register
from intake.errors import IntakeError
from intake.logs import install


class IntakeGroup(click.Group):
    """A command group that turns expected errors into one clear line, not a traceback."""

    def invoke(self, ctx: click.Context):
        """Run the command; an IntakeError becomes one line on stderr, in the operator's
        language (INTAKE_LOCALE, else the environment's), and exit code 1."""
        try:
            return super().invoke(ctx)
        except IntakeError as e:
            raise click.ClickException(e.translate(cli_locale())) from e


@click.group(cls=IntakeGroup)
@click.option("-v", "--verbose", is_flag=True, help="Log more.")
def cli(verbose: bool) -> None:
    """Intake: the document desk of an accounting office."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # No password, token or signed link reaches a log line, whoever writes it.
    install(*logging.getLogger().handlers)
    # A dead S3 server is reported once by our check, not once per urllib3 retry.
    logging.getLogger("urllib3").setLevel(logging.INFO if verbose else logging.ERROR)


def load_plugins(group: click.Group) -> None:
    """Add the commands other packages name under the `intake.commands` entry points."""
    for ep in entry_points(group="intake.commands"):
        try:
            group.add_command(ep.load(), ep.name)
        except Exception as e:  # one broken package must not take the whole CLI down
            click.echo(f"warning: command {ep.name!r} could not be loaded: {e}", err=True)


register(cli)
load_plugins(cli)


def main() -> None:
    """Run the CLI."""
    sys.exit(cli.main(prog_name="intake"))
