"""The doc checker itself: transcripts are parsed, outputs compared with elisions, and a page
that shows the wrong output or a failing command fails."""

from types import SimpleNamespace

import pytest

from tests.docs.console import (
    commands,
    evaluate_bash,
    evaluate_console,
    program_arguments,
    run,
    setup,
    teardown,
    transcript,
)


@pytest.fixture
def namespace():
    space: dict = {}
    setup(space)
    yield space
    teardown(space)


def example(text, namespace):
    return SimpleNamespace(parsed=text, namespace=namespace)


def test_a_transcript_splits_commands_from_outputs_and_joins_continuations():
    text = "$ echo a \\\n    b\na b\n$ true\n"
    assert transcript(text) == [("echo a  b", "a b\n"), ("true", "\n")]


def test_bash_blocks_drop_comments_and_join_continuations():
    assert commands("echo 1   # say one\n# a note\necho \\\n  2\n") == ["echo 1", "echo    2"]


def test_matching_output_passes_with_an_ellipsis_for_what_varies(namespace):
    assert evaluate_console(example("$ echo run seed7-3f2a\nrun seed7-...\n", namespace)) is None


def test_wrong_output_fails_and_shows_both(namespace):
    failure = evaluate_console(example("$ echo 2,245 troops\n2,258 troops\n", namespace))
    assert "2,258 troops" in failure and "2,245 troops" in failure


def test_a_failing_bash_command_fails_the_page(namespace):
    assert "exit status 3" in evaluate_bash(example("true\nexit 3\n", namespace))


def test_commands_run_in_the_scratch_folder_with_this_python(namespace):
    out = "$ python -c 'import sim, sys; print(sys.prefix == sys.base_prefix)'\nFalse\n"
    assert evaluate_console(example(out, namespace)) is None  # the venv's python
    assert (
        evaluate_console(
            example("$ ls scenarios/sources.yaml\nscenarios/sources.yaml\n", namespace)
        )
        is None
    )


def test_only_a_plain_program_command_is_run_without_bash():
    assert program_arguments('python run.py analyze r --discover "a < 1"') == [
        "analyze",
        "r",
        "--discover",
        "a < 1",
    ]
    assert program_arguments(".venv/bin/python run.py list") == ["list"]
    for shell in (
        "python run.py validate scenarios/*.yaml",
        "python run.py list | head -1",
        "python run.py play x < answers.txt",
        'python run.py run "$HOME"',
        "python -c 'print(1)'",
        "mkdir -p x && python run.py list",
    ):
        assert program_arguments(shell) is None, shell


@pytest.mark.parametrize(
    "command",
    [
        "python run.py validate scenarios/baseline_2020.yaml",
        "python run.py sweep scenarios/baseline_2020.yaml -p actors.baghdad.capability=1:2:3:4",
    ],  # stdout and exit 0; stderr and exit 2
)
def test_the_forked_program_prints_and_exits_as_the_real_one(namespace, command):
    forked = run(command, namespace)
    real = run(f"{command} 2>&1 | cat; exit ${{PIPESTATUS[0]}}", namespace)  # bash: a process
    assert forked.stdout == real.stdout and forked.stdout
    assert forked.returncode == real.returncode


def test_a_program_command_that_prints_otherwise_fails_the_page(namespace):
    failure = evaluate_console(example("$ python run.py runn\nerror: no such thing\n", namespace))
    assert "unknown command 'runn'" in failure
