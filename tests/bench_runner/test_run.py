"""bench/run.py: the table says what was measured, against what, and whether the goal was met."""

from __future__ import annotations

from bench.common import Result
from bench.run import ModuleRun, discover, markdown, rows

FACTS = {"CPU": "Test CPU", "Cores": "2", "Python": "3.11.7", "SQLite": "3.40.1", "PostgreSQL": "15.20"}


def test_rows_show_ratio_goal_and_whether_it_was_met():
    runs = [
        ModuleRun(
            "x_bench",
            [
                Result("fast", 0.002, 5, "raw SQL", 0.001, 3.0, "n=10"),  # 2× within 3×
                Result("slow", 2.5, 3, "peer", 0.5, 2.0),  # 5× over 2×
                Result("alone", 0.0000005, 7),  # no floor, no goal
            ],
        )
    ]
    table = rows(runs)
    assert table[0] == ["x_bench", "fast", "2.0 ms", "5", "raw SQL", "1.0 ms", "2.00×", "≤ 3×", "yes", "n=10"]
    assert table[1][6:9] == ["5.00×", "≤ 2×", "**no**"]
    assert table[2][2] == "0.5 µs"
    assert table[2][4:9] == ["–", "–", "–", "–", "–"]


def test_a_failed_module_is_a_row_not_a_silence():
    table = rows([ModuleRun("broken_bench", error="ValueError: no data set")])
    assert table == [
        ["broken_bench", "(failed)", "–", "–", "–", "–", "–", "–", "**no**", "ValueError: no data set"]
    ]


def test_markdown_notes_the_machine_and_summarises():
    text = markdown(
        [
            ModuleRun("x_bench", [Result("slow", 2.5, 3, "peer", 0.5, 2.0)]),
            ModuleRun("broken_bench", error="boom"),
        ],
        FACTS,
        quick=False,
        command="make bench",
    )
    assert "- **CPU**: Test CPU" in text and "- **PostgreSQL**: 15.20" in text
    assert "Written by `make bench`" in text and "Quick mode" not in text
    assert "| x_bench | slow | 2.50 s | 3 | peer | 500.0 ms | 5.00× | ≤ 2× | **no** |  |" in text
    assert "1 results from 2 modules; 1 missed their goal; 1 module(s) failed." in text


def test_pipes_in_notes_do_not_break_the_table():
    text = markdown(
        [ModuleRun("x_bench", [Result("a|b", 1.0, 1, notes="x | y")])],
        FACTS,
        quick=True,
        command="python -m bench.run --quick",
    )
    line = next(row for row in text.splitlines() if row.startswith("| x_bench"))
    assert line.count(" | ") == 9 and "a\\|b" in line and "x \\| y" in line


def test_discover_finds_every_bench_module():
    names = discover()
    assert names == sorted(names) and all(n.endswith("_bench") for n in names)
    assert {"compliance_bench", "feeds_bench", "import_bench"} <= set(names)  # an empty list fails
