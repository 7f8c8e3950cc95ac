"""``run.py play EXERCISE.yaml``: a classroom session in the terminal, hot seat.

A thin front end on :class:`sim.classroom.session.Session`: it prints the situation each turn
and each decision with its numbers, and reads answers and facilitator commands line by line
(so a class can also be driven from a file: ``run.py play X.yaml < answers.txt``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

TYPE_CHECKING = False  # as in sim.cli: keeps typing off the --help path

if TYPE_CHECKING:
    from agents.decisions import AnswerValue, Form

HELP = """answers: yes/no, a number, or issue=value,...; then optionally '| your reason'
  (simultaneous turns: N VALUE changes order N of the seat's form, send sends it, show shows it)
  ?                 the model's suggestion on these numbers (when :advice on)
  :advice on|off    show or hide the model's own answers with each decision (hidden at first)
  :inject ID        release an inject from the menu (:menu lists it)
  :write FILE       release an inject written in a YAML file
  :pause / :resume  stop and restart the clock
  :skip YYYY-MM     let the model play up to that month
  :branch TURN FILE start a new session file from the start of TURN, same dice
  :seat ACTOR model|person[:NAME]   hand a seat over
  :next             open the next turn (when the turn is done)
  :status           the situation again
  :quit             stop here (the session file keeps everything; --resume goes on)"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "play",
        help="play a classroom exercise in the terminal (hot seat)",
        description="Run a classroom exercise turn by turn: students answer their seats' "
        "decisions, the facilitator releases injects, pauses, skips and branches. Every choice is "
        "saved to the session file as it is made.",
    )
    parser.add_argument(
        "exercise",
        nargs="?",
        help="exercise YAML, or a shipped exercise's id (not needed with --resume)",
    )
    parser.add_argument("--session", help="session file (default: results/sessions/<name>.sqlite)")
    parser.add_argument("--resume", help="resume the session in this file")
    parser.add_argument("--seed", type=int, help="random seed (default: the exercise's)")
    parser.add_argument(
        "--turns",
        choices=("simultaneous", "sequential"),
        help="each seat writes its orders for the whole turn (simultaneous) or answers the "
        "model's questions one at a time (sequential); default: the exercise's clock.turns",
    )
    parser.add_argument("--out", help="write the run folder here when the exercise ends")
    parser.set_defaults(handler=handle)


def _session(args: argparse.Namespace):
    # lazy: the classroom and the model load when play starts, not for --help
    from sim.classroom.session import Session
    from sim.errors import InputError

    if args.resume:
        return Session.resume(args.resume)
    if not args.exercise:
        raise InputError("give an exercise file or --resume SESSION", file="play")
    from sim.out_folder import check_new_file  # lazy: only for a new session

    if args.seed is not None and not 0 <= args.seed < 2**63:
        raise InputError(f"must be between 0 and 2**63 - 1, got {args.seed}", file="--seed")
    # lazy: YAML and the scenario ids, only for a new session
    from sim.file_kinds import expect_kind
    from sim.scenario_ids import resolve

    path = resolve(args.exercise)  # a shipped exercise's id works like its path
    expect_kind(path, "exercise", "play")
    store = Path(args.session) if args.session else _fresh(Path("results/sessions"), path.stem)
    check_new_file(store, "--session")
    store.parent.mkdir(parents=True, exist_ok=True)
    return Session.create(path, store, seed=args.seed, turns=args.turns)


def _fresh(folder: Path, stem: str) -> Path:
    n = 1
    while (folder / f"{stem}-{n}.sqlite").exists():
        n += 1
    return folder / f"{stem}-{n}.sqlite"


def handle(args: argparse.Namespace) -> int:
    # lazy: the classroom and the model load when play starts, not for --help
    from sim.classroom.view import describe_decision, private_report, public_report
    from sim.errors import InputError

    if args.out:  # checked before the session starts: an existing folder is never replaced
        from sim.out_folder import check_output_folder  # lazy: only with --out

        check_output_folder(Path(args.out), "--out", False, (), hint="choose a new folder")
    from sim.commands import play_orders  # lazy: the turn form's helpers load with play

    session = _session(args)
    out = sys.stdout
    draft: play_orders.Draft | None = None
    print(f"session file: {session.store.path}  (type 'help' for commands)", file=out)
    shown_turn, news_turn = -1, -1
    told = len(session.model.world.log.records)  # a resumed session's old news is not retold
    try:
        while True:
            done = session.turn_ran() if session.simultaneous else session.pending is None
            if done and news_turn != session.turn:  # a turn done: its news
                told, news_turn = _news(session, told, out), session.turn
            if session.turn != shown_turn or session.finished:
                print("\n" + "\n".join(public_report(session)), file=out)
                shown_turn = session.turn
            if session.finished:
                print("\nThe exercise is over.", file=out)
                break
            if session.paused_since is not None:
                prompt = "[paused] facilitator> "
            elif session.simultaneous and session.waiting_for():
                seat = session.waiting_for()[0]
                if draft is None or (draft.seat, draft.turn) != (seat, session.turn):
                    draft = play_orders.Draft(seat, session.turn)
                    print("\n" + "\n".join(private_report(session, seat)), file=out)
                    play_orders.show(session, draft, out)
                prompt = f"{session.model.world.actors[seat].name} orders> "
            elif session.pending is None:
                prompt = f"turn {session.turn} done; :next opens turn {session.turn + 1}> "
            else:
                seat = session.pending.decision.actor
                print("\n" + "\n".join(private_report(session, seat)), file=out)
                world, decision = session.model.world, session.pending.decision
                lines = describe_decision(world, decision, session.advice)
                print("\n".join(lines), file=out)
                prompt = f"{world.actors[seat].name}> "
            print(prompt, end="", file=out, flush=True)
            line = sys.stdin.readline()
            if not line:
                print("\n(end of input; the session file keeps everything)", file=out)
                break
            line = line.strip()
            if not line:
                continue
            try:
                if draft is not None and not line.startswith(":") and session.waiting_for():
                    if line == "send":
                        print(play_orders.send(session, draft), file=out)
                    elif line in ("help", "h"):
                        print(play_orders.FORM_HELP, file=out)
                    elif line == "show":
                        play_orders.show(session, draft, out)
                    else:
                        print(play_orders.change(session, draft, line), file=out)
                elif not _command(session, line, out):
                    break
            except InputError as error:
                print(f"  not taken: {error}", file=out)
        if session.finished and args.out:
            folder = session.write_run(args.out, figures=False)
            print(f"run written to {folder}/", file=out)
    finally:
        print(f"resume with: python run.py play --resume {session.store.path}", file=out)
        session.close()
    return 0


def _news(session, told: int, out) -> int:
    """The public news of the months run since record ``told`` (the terminal is a hot seat:
    no seat's own lines); returns where the next news starts."""
    from sim.classroom.news import NewsWords, seat_news  # lazy: as in handle

    records = session.model.world.log.records
    items = seat_news(records[told:], NewsWords.of(session.base), None)
    if items:
        print("\nNews:", file=out)
        for item in items:
            print(f"  {item.date} {item.text}", file=out)
    return len(records)


def _command(session, line: str, out) -> bool:
    """Apply one line; False to stop."""
    # lazy: the model's packages load when play starts, not for --help
    from agents.decisions import read_answer
    from sim.classroom.session import Session, answer_error

    if line in ("help", "h"):
        print(HELP, file=out)
        return True
    if line == "?":
        if not session.advice:
            print("  the model's own answer is hidden; ':advice on' shows it", file=out)
            return True
        choice = session.suggestion()
        form = session.pending.decision.question.form()
        suggested = _in_percent(form, choice.value, "")
        print(
            f"  the model would answer {_readable(session, suggested)} on these numbers", file=out
        )
        return True
    if not line.startswith(":"):
        if session.pending is None:
            print("  no decision is waiting; :next opens the next turn", file=out)
            return True
        text, _, reason = line.partition("|")
        decision = session.pending.decision
        form = decision.question.form()
        try:  # as typed (per cent, issue=value, ...); the session checks it again
            value = read_answer(form, text)
        except ValueError as error:
            raise answer_error(decision, error) from None
        recorded = session.answer(decision.actor, value, reason)
        shown = _in_percent(form, recorded.value, "%")
        print(f"  recorded: {_readable(session, shown)} ({recorded.by})", file=out)
        return True
    command, *rest = line[1:].split()
    if command == "quit":
        return False
    if command == "next":
        session.next_turn()
    elif command == "menu":
        for name, inject in session.exercise.injects.items():
            print(f"  {name}: {inject.label}", file=out)
    elif command == "inject" and rest:
        item = session.release(rest[0])
        print(f"  released '{item.inject.label}' for month {item.step}", file=out)
    elif command == "write" and rest:
        from sim.scenario.yaml_source import read_yaml  # lazy: only for a written inject

        data, origins = read_yaml(Path(rest[0]))
        item = session.release(Path(rest[0]).stem, written=data, origins=origins)
        print(f"  released '{item.inject.label}' for month {item.step}", file=out)
    elif command == "advice" and rest and rest[0] in ("on", "off"):
        session.show_advice(rest[0] == "on")
        print(f"  the model's own answers are {'shown' if session.advice else 'hidden'}", file=out)
    elif command == "pause":
        session.pause()
    elif command == "resume":
        session.resume_play()
    elif command == "skip" and rest:
        session.skip_to(rest[0])
    elif command == "branch" and len(rest) == 2:
        branch: Session = session.branch(int(rest[0]), rest[1])
        print(f"  branch written to {branch.store.path}; play it with --resume", file=out)
        branch.close()
    elif command == "seat" and len(rest) == 2:
        session.seat(rest[0], rest[1].replace(":", ": ", 1) if ":" in rest[1] else rest[1])
    elif command == "status":
        from sim.classroom.view import public_report  # lazy: as in handle

        print("\n".join(public_report(session)), file=out)
    else:
        print(HELP, file=out)
    return True


def _in_percent(form: Form, value: AnswerValue, sign: str) -> AnswerValue | str:
    """A share or signal in per cent, as answered on screen (the model keeps the share)."""
    from agents.decisions import Percentage  # lazy: as in _command

    if not isinstance(form, Percentage) or isinstance(value, dict):
        return value
    return f"{100 * float(value):+.0f}{sign}" if form.signed else f"{100 * value:.0f}{sign}"


def _readable(session, value) -> str:
    from sim.classroom.view import offer_text  # lazy: as in handle

    if isinstance(value, dict):  # an offer: already in the units, as typed
        return offer_text(session.model.world, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
