"""The flash-meeting scheduler: small instances whose optimum is known, announced meetings,
invalid input, and `manage.py flash_solve`."""

import copy
import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clubs.flash_solver import InstanceError, greedy, solve, validate

ROOT = Path(__file__).resolve().parents[2]


def instance(people, requests, *, rounds=("r1",), tables=10, **extra):
    """`people` maps each id to its rounds (None: every round); `requests` are (a, b[, weight])."""
    return {
        "rounds": list(rounds),
        "tables": tables,
        "participants": [
            {"id": pid, "available": list(rounds) if available is None else list(available)}
            for pid, available in people.items()
        ],
        "requests": [{"a": r[0], "b": r[1], "weight": r[2] if len(r) > 2 else 1} for r in requests],
        "time_limit_s": 5,
        **extra,
    }


def check(data, result):
    """Every constraint of the problem, re-verified on a result; returns the result."""
    rounds = data["rounds"]
    available = {p["id"]: set(p["available"]) for p in data["participants"]}
    weights = {frozenset((r["a"], r["b"])): r.get("weight", 1) for r in data["requests"]}
    slots, busy, pairs = set(), set(), set()
    for m in result["meetings"]:
        pair = frozenset((m["a"], m["b"]))
        assert pair in weights, f"{m} was not requested"
        assert m["round"] in available[m["a"]], f"{m['a']} is not available in {m['round']}"
        assert m["round"] in available[m["b"]], f"{m['b']} is not available in {m['round']}"
        assert 1 <= m["table"] <= data["tables"]
        assert (m["round"], m["table"]) not in slots, f"two meetings at {m['round']} {m['table']}"
        slots.add((m["round"], m["table"]))
        for person in (m["a"], m["b"]):
            assert (person, m["round"]) not in busy, f"{person} twice in {m['round']}"
            busy.add((person, m["round"]))
        assert pair not in pairs, f"{m['a']}, {m['b']} meet twice"
        pairs.add(pair)
    order = [(rounds.index(m["round"]), m["table"]) for m in result["meetings"]]
    assert order == sorted(order)
    assert result["objective"] == sum(
        weights[frozenset((m["a"], m["b"]))] for m in result["meetings"]
    )
    assert result["scheduled"] == len(result["meetings"])
    assert result["requested"] == len(data["requests"])
    if result["bound"] is not None:
        assert result["bound"] >= result["objective"]
    if result["status"] == "optimal":
        assert result["bound"] == result["objective"]
    return result


def solved(data):
    result = check(data, solve(data))
    assert result["status"] == "optimal"
    return result


def pairs_of(result):
    return {frozenset((m["a"], m["b"])) for m in result["meetings"]}


TRIANGLE = [("p1", "p2"), ("p1", "p3"), ("p2", "p3")]
THREE = {"p1": None, "p2": None, "p3": None}


@pytest.mark.parametrize(("rounds", "meetings"), [(1, 1), (2, 2), (3, 3), (4, 3)])
def test_a_triangle_meets_once_per_round_until_every_pair_has_met(rounds, meetings):
    data = instance(THREE, TRIANGLE, rounds=[f"r{i}" for i in range(1, rounds + 1)])
    result = solved(data)
    assert result["scheduled"] == result["objective"] == result["bound"] == meetings


def test_the_tables_bound_the_meetings_of_a_round():
    people = {f"p{i}": None for i in range(8)}
    requests = [("p0", "p1"), ("p2", "p3"), ("p4", "p5"), ("p6", "p7")]
    assert solved(instance(people, requests, tables=2))["scheduled"] == 2
    assert solved(instance(people, requests, tables=2, rounds=["r1", "r2"]))["scheduled"] == 4
    assert solved(instance(people, requests, tables=4))["scheduled"] == 4


def test_tables_are_numbered_from_one_in_each_round():
    people = {f"p{i}": None for i in range(6)}
    requests = [("p0", "p1"), ("p2", "p3"), ("p4", "p5")]
    result = solved(instance(people, requests, tables=2, rounds=["r1", "r2"]))
    tables = sorted((m["round"], m["table"]) for m in result["meetings"])
    assert tables in ([("r1", 1), ("r1", 2), ("r2", 1)], [("r1", 1), ("r2", 1), ("r2", 2)])


def test_people_without_a_common_round_do_not_meet():
    data = instance({"p1": ["r1"], "p2": ["r2"]}, [("p1", "p2")], rounds=["r1", "r2"])
    result = solved(data)
    assert result["meetings"] == []
    assert result["objective"] == result["bound"] == 0


def test_a_meeting_takes_the_round_both_are_available():
    people = {"p1": ["r1", "r3"], "p2": ["r2", "r3"]}
    result = solved(instance(people, [("p1", "p2")], rounds=["r1", "r2", "r3"]))
    assert result["meetings"] == [{"a": "p1", "b": "p2", "round": "r3", "table": 1}]


def test_the_heavier_mutual_pair_gets_the_last_table():
    people = {"p1": None, "p2": None, "p3": None, "p4": None}
    result = solved(instance(people, [("p1", "p2", 1), ("p3", "p4", 2)], tables=1))
    assert pairs_of(result) == {frozenset(("p3", "p4"))}
    assert result["objective"] == 2


def test_the_heavier_of_two_meetings_competing_for_a_round_is_held():
    # p1 meets p2 (weight 3) or p3 (weight 2) in r1, the only round of both; p4 in r2.
    people = {"p1": None, "p2": ["r1"], "p3": ["r1"], "p4": ["r2"]}
    requests = [("p1", "p3", 2), ("p1", "p2", 3), ("p1", "p4", 2)]
    result = solved(instance(people, requests, rounds=["r1", "r2"]))
    assert result["objective"] == 5
    assert pairs_of(result) == {frozenset(("p1", "p2")), frozenset(("p1", "p4"))}


def test_two_lighter_meetings_beat_one_heavier_one_when_they_weigh_more():
    # One round: p1–p2 (3) alone, or p1–p3 and p2–p4 (2 + 2).
    people = {"p1": None, "p2": None, "p3": None, "p4": None}
    requests = [("p1", "p2", 3), ("p1", "p3", 2), ("p2", "p4", 2)]
    result = solved(instance(people, requests))
    assert result["objective"] == 4
    assert frozenset(("p1", "p2")) not in pairs_of(result)


def test_the_solver_beats_greedy_where_the_earliest_round_is_the_wrong_one():
    # Greedy gives p1–p2 the first round, which p1–p3 needed; the optimum holds both.
    people = {"p1": None, "p2": None, "p3": ["r1"]}
    data = instance(people, [("p1", "p2"), ("p1", "p3")], rounds=["r1", "r2"])
    base = check(data, greedy(data))
    assert base["status"] == "feasible"
    assert base["bound"] is None
    assert base["objective"] == 1
    assert solved(data)["objective"] == 2


def test_first_come_greedy_books_in_the_order_given_and_heaviest_first_by_weight():
    # One round, one table: first come books p1-p2 (weight 1); heaviest first books p3-p4.
    people = {"p1": None, "p2": None, "p3": None, "p4": None}
    data = instance(people, [("p1", "p2", 1), ("p3", "p4", 2)], tables=1)
    first_come = check(data, greedy(data, by_weight=False))
    assert pairs_of(first_come) == {frozenset(("p1", "p2"))}
    assert first_come["objective"] == 1
    heaviest = check(data, greedy(data))
    assert pairs_of(heaviest) == {frozenset(("p3", "p4"))}
    assert solved(data)["objective"] == 2


def test_a_pair_meets_at_most_once_and_nobody_is_in_two_meetings_of_a_round():
    people = {"p1": None, "p2": None, "p3": None}
    result = solved(instance(people, [("p1", "p2", 5), ("p1", "p3")], rounds=["r1", "r2", "r3"]))
    assert result["scheduled"] == 2


def test_a_larger_instance_with_ties_is_solved_to_the_same_optimum_every_time():
    # Many optimal schedules: two CP-SAT workers may return different ones, of the same weight.
    people = {f"p{i}": None for i in range(10)}
    requests = [(f"p{i}", f"p{j}") for i, j in itertools.combinations(range(10), 2) if (i + j) % 3]
    data = instance(people, requests, rounds=["r1", "r2", "r3"], tables=3)
    first, second = solved(data), solved(data)
    assert first["objective"] == second["objective"] == 9  # three rounds of three tables


def brute_force(data):
    """The optimum by enumeration: each request in no round or one of its common rounds."""
    available = {p["id"]: set(p["available"]) for p in data["participants"]}
    choices = [
        [None] + [r for r in data["rounds"] if r in available[q["a"]] & available[q["b"]]]
        for q in data["requests"]
    ]
    best = 0
    for pick in itertools.product(*choices):
        busy, used, weight = set(), {}, 0
        for q, r in zip(data["requests"], pick, strict=True):
            if r is None:
                continue
            if (q["a"], r) in busy or (q["b"], r) in busy or used.get(r, 0) == data["tables"]:
                break
            busy |= {(q["a"], r), (q["b"], r)}
            used[r] = used.get(r, 0) + 1
            weight += q["weight"]
        else:
            best = max(best, weight)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_random_small_instances_reach_the_optimum_found_by_enumeration(seed):
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    rounds = [f"r{i}" for i in range(1, rng.randint(2, 3) + 1)]
    people = {f"p{i}": sorted(rng.sample(rounds, rng.randint(1, len(rounds)))) for i in range(5)}
    pairs = rng.sample(list(itertools.combinations(people, 2)), rng.randint(3, 6))
    data = instance(
        people,
        [(a, b, rng.randint(1, 3)) for a, b in pairs],
        rounds=rounds,
        tables=rng.randint(1, 2),
    )
    assert solved(data)["objective"] == brute_force(data)
    assert check(data, greedy(data))["objective"] <= brute_force(data)


# Announced meetings: p1–p2 was announced for r2 at table 3; p1–p3 (weight 2) fits only in r2.
ANNOUNCED_PEOPLE = {"p1": None, "p2": None, "p3": ["r2"], "p4": None, "p5": None}
ANNOUNCED = {"a": "p1", "b": "p2", "round": "r2", "table": 3}


def announced(**extra):
    return instance(
        ANNOUNCED_PEOPLE,
        [("p1", "p2"), ("p1", "p3", 2), ("p4", "p5")],
        rounds=["r1", "r2"],
        tables=3,
        fixed=[ANNOUNCED],
        **extra,
    )


def test_an_announced_meeting_stays_at_its_round_and_table():
    result = solved(announced())
    assert {**ANNOUNCED} in result["meetings"]
    assert frozenset(("p1", "p3")) not in pairs_of(result)
    assert result["objective"] == 2  # p1–p2 and p4–p5
    assert result["fixed_kept"] == 1
    assert result["fixed_changed"] == []
    # the other meeting of r2, if any, takes a free table
    assert all(m["table"] != 3 for m in result["meetings"] if m != ANNOUNCED)


def test_allowing_moves_lets_an_announced_meeting_move_for_a_better_schedule():
    result = solved(announced(allow_moves=True))
    assert result["objective"] == 4
    assert {"a": "p1", "b": "p2", "round": "r1"} in [
        {k: m[k] for k in ("a", "b", "round")} for m in result["meetings"]
    ]
    assert result["fixed_kept"] == 0
    [changed] = result["fixed_changed"]
    assert changed["reason"] == "moved"
    assert changed["now"]["round"] == "r1"


def test_a_moved_announced_meeting_is_still_held_before_any_heavier_new_one():
    # One round, one table: the announced p1–p2 keeps it against p3–p4, worth 5.
    people = {"p1": None, "p2": None, "p3": None, "p4": None}
    fixed = [{"a": "p1", "b": "p2", "round": "r1", "table": 1}]
    data = instance(people, [("p1", "p2"), ("p3", "p4", 5)], tables=1, fixed=fixed)
    for allow_moves in (False, True):
        result = solved({**data, "allow_moves": allow_moves})
        assert pairs_of(result) == {frozenset(("p1", "p2"))}
        assert result["fixed_kept"] == 1


def test_an_announced_meeting_in_a_round_one_side_left_is_scheduled_elsewhere():
    data = announced()
    data["participants"][1]["available"] = ["r1"]  # p2 no longer available in r2
    result = solved(data)
    [changed] = result["fixed_changed"]
    assert changed["reason"] == "unavailable"
    assert changed["now"] == {"round": "r1", "table": 1}
    assert frozenset(("p1", "p3")) in pairs_of(result)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["requests"].pop(0), "request_gone"),
        (
            lambda d: d["participants"].pop(1) and d["requests"].pop(0),
            "participant_gone",
        ),
        (lambda d: d.__setitem__("tables", 2), "table_gone"),
    ],
    ids=["request", "participant", "table"],
)
def test_an_announced_meeting_that_cannot_stay_says_why(change, reason):
    data = announced()
    change(data)
    result = check(data, solve(data))
    [changed] = result["fixed_changed"]
    assert changed["reason"] == reason
    assert {k: changed[k] for k in ANNOUNCED} == ANNOUNCED


def test_an_announced_meeting_whose_round_is_gone_says_why():
    data = announced()
    data["fixed"] = [{**ANNOUNCED, "round": "r0"}]
    [changed] = solved(data)["fixed_changed"]
    assert changed["reason"] == "round_gone"


def test_validate_normalises_the_instance():
    data = {
        "rounds": ["r1", "r2"],
        "tables": 2,
        "participants": [{"id": "p1", "available": ["r2", "r1"]}, {"id": "p2", "available": []}],
        "requests": [{"a": "p1", "b": "p2"}],
    }
    assert validate(data) == {
        "rounds": ["r1", "r2"],
        "tables": 2,
        "participants": [{"id": "p1", "available": ["r1", "r2"]}, {"id": "p2", "available": []}],
        "requests": [{"a": "p1", "b": "p2", "weight": 1}],
        "time_limit_s": 10.0,
        "fixed": [],
        "allow_moves": False,
    }


VALID = instance(
    {"p1": None, "p2": None, "p3": ["r1"]},
    [("p1", "p2", 2), ("p1", "p3")],
    rounds=["r1", "r2"],
    tables=2,
    fixed=[{"a": "p1", "b": "p2", "round": "r1", "table": 1}],
)


def _set(path, value):
    def change(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value

    return change


def _drop(key):
    return lambda data: data.pop(key)


def _add_request(**request):
    return lambda data: data["requests"].append(request)


def _add_fixed(**meeting):
    return lambda data: data["fixed"].append(meeting)


INVALID = [
    (_set(["colour"], "blue"), "instance: unknown key 'colour'"),
    (_drop("participants"), "instance: missing 'participants'"),
    (_set(["rounds"], []), "rounds: at least one round is needed"),
    (_set(["rounds"], "r1"), "rounds: must be a list"),
    (_set(["rounds", 1], "r1"), "rounds[1]: round 'r1' is listed twice"),
    (_set(["rounds", 0], 7), "rounds[0]: must be a non-empty string, not 7"),
    (_set(["tables"], 0), "tables: must be an integer of at least 1, not 0"),
    (_set(["tables"], 2.5), "tables: must be an integer of at least 1, not 2.5"),
    (_set(["participants", 2, "id"], "p1"), "participants[2]: participant 'p1' is listed twice"),
    (
        _set(["participants", 1, "available"], ["r9"]),
        "participants[1]: round 'r9' is not in rounds",
    ),
    (
        _set(["participants", 1, "available"], ["r1", "r1"]),
        "participants[1]: round 'r1' is listed twice",
    ),
    (_set(["participants", 0, "rounds"], []), "participants[0]: unknown key 'rounds'"),
    (_set(["participants", 0], "p1"), "participants[0]: must be an object"),
    (_set(["participants", 0, "id"], ""), "participants[0].id: must be a non-empty string"),
    (
        _set(["requests", 1, "b"], "p9"),
        "requests[1]: participant 'p9' is not in participants",
    ),
    (_set(["requests", 1, "b"], "p1"), "requests[1]: participant 'p1' cannot meet themselves"),
    (
        _add_request(a="p2", b="p1", weight=1),
        "requests[2]: the pair 'p2', 'p1' is already requested in requests[0]",
    ),
    (_set(["requests", 0, "weight"], 0), "requests[0]: weight must be a positive integer, not 0"),
    (_set(["requests", 0, "weight"], -1), "requests[0]: weight must be a positive integer"),
    (_set(["requests", 0, "weight"], 1.5), "requests[0]: weight must be a positive integer"),
    (_set(["requests", 0, "weight"], True), "requests[0]: weight must be a positive integer"),
    (_set(["requests", 0, "message"], "hi"), "requests[0]: unknown key 'message'"),
    (_set(["time_limit_s"], 0), "time_limit_s: must be a positive number, not 0"),
    (_set(["time_limit_s"], "10"), "time_limit_s: must be a positive number, not '10'"),
    (_set(["allow_moves"], "yes"), "allow_moves: must be true or false, not 'yes'"),
    (_set(["fixed", 0, "table"], 0), "fixed[0]: table must be an integer of at least 1, not 0"),
    (_set(["fixed", 0, "b"], "p1"), "fixed[0]: participant 'p1' cannot meet themselves"),
    (
        _add_fixed(a="p2", b="p1", round="r2", table=1),
        "fixed[1]: the pair 'p2', 'p1' is already announced in fixed[0]",
    ),
    (
        _add_fixed(a="p2", b="p3", round="r1", table=1),
        "fixed[1]: round 'r1', table 1 is already taken by fixed[0]",
    ),
    (
        _add_fixed(a="p1", b="p3", round="r1", table=2),
        "fixed[1]: participant 'p1' already meets someone in round 'r1' (fixed[0])",
    ),
    (lambda d: d["fixed"][0].pop("table"), "fixed[0]: missing 'table'"),
]


def test_the_valid_instance_of_the_invalid_ones_is_valid():
    assert check(VALID, solve(VALID))["status"] == "optimal"


@pytest.mark.parametrize(("change", "message"), INVALID, ids=[m for _, m in INVALID])
def test_invalid_input_is_refused_naming_the_faulty_entry(change, message):
    data = copy.deepcopy(VALID)
    change(data)
    with pytest.raises(InstanceError) as raised:
        solve(data)
    assert str(raised.value).startswith(message)
    with pytest.raises(InstanceError):
        greedy(data)


def test_an_instance_that_is_not_an_object_is_refused():
    with pytest.raises(InstanceError, match="instance: must be an object"):
        validate(["rounds"])


# The command


def test_the_command_prints_the_schedule_as_json(tmp_path, capsys):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(instance(THREE, TRIANGLE, rounds=["r1", "r2"])))
    call_command("flash_solve", str(path))
    result = json.loads(capsys.readouterr().out)
    assert result["scheduled"] == result["objective"] == result["bound"] == 2
    assert result["status"] == "optimal"
    call_command("flash_solve", str(path), "--greedy")
    assert json.loads(capsys.readouterr().out)["bound"] is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"rounds": ["r1"', "not JSON"),
        (json.dumps({**VALID, "tables": 0}), "tables: must be an integer of at least 1, not 0"),
    ],
    ids=["not-json", "invalid"],
)
def test_the_command_refuses_bad_input_with_status_2(tmp_path, text, message):
    path = tmp_path / "instance.json"
    path.write_text(text)
    with pytest.raises(CommandError, match=message) as raised:
        call_command("flash_solve", str(path))
    assert raised.value.returncode == 2


def test_the_command_reads_stdin_and_exits_2_on_invalid_input():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    bad = {**VALID, "requests": [{"a": "p1", "b": "p9"}]}
    run = subprocess.run(
        [sys.executable, "manage.py", "flash_solve", "-"],
        input=json.dumps(bad),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert run.returncode == 2
    assert "requests[0]: participant 'p9' is not in participants" in run.stderr
    assert run.stdout == ""
    good = subprocess.run(
        [sys.executable, "manage.py", "flash_solve", "-"],
        input=json.dumps(VALID),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert json.loads(good.stdout)["status"] == "optimal"
