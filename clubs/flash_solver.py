"""The flash-meeting scheduler: accepted requests to (round, table), the most weight possible.

A pure module (no Django, no database): the flash-session pages build an instance, call `solve`,
and save what it returns; `manage.py flash_solve INSTANCE.json` and `make bench-flash` call it too.

Instance (a dict, as read from JSON)::

    {"rounds": ["r1", "r2"], "tables": 40,
     "participants": [{"id": "p1", "available": ["r1", "r2"]}, ...],
     "requests": [{"a": "p1", "b": "p2", "weight": 2}, ...],
     "time_limit_s": 10,
     "fixed": [{"a": "p1", "b": "p2", "round": "r1", "table": 3}, ...],
     "allow_moves": false}

`weight` defaults to 1, `time_limit_s` to 10, `fixed` (meetings already announced) to none and
`allow_moves` to false. A pair may be requested once only, in either order: whoever builds the
instance decides what a pair that asked each other is worth (the portal gives it weight 2), so a
second entry for the same pair is refused rather than guessed at.

Constraints: nobody in two meetings in one round; a meeting only in a round both are available;
at most one meeting per table and round; each pair at most once. The objective is the total
weight of the meetings held.

Announced meetings: without `allow_moves`, each one that can still be held where it is (both
still participants and available in its round, the request still there, its round and table
still exist) stays at its round and table — a hard constraint. With `allow_moves`, such a meeting
may move, but schedules that hold more announced meetings always come first, then the weight,
then the number of announced meetings left in their round. An announced meeting that can no
longer be held where it is gets the same priority to be held somewhere else. `fixed_changed` in
the result lists every announced meeting not held at its round and table, with a reason code.

The model is compact: one boolean per request and round both are available; per round, at most
`tables` of them; per participant and round, at most one; per request, at most one. Tables are
given afterwards: an announced meeting held in its round keeps its table, the others take the
free tables from 1 upwards, in the order of the requests.
"""

import math
import time

DEFAULT_TIME_LIMIT_S = 10
SEED = 20151126
WORKERS = 2  # this project's machines have two cores; CP-SAT runs one search per worker
MIN_SEARCH_S = 0.05
END_MARGIN_S = 0.1  # CP-SAT stops some 30 ms after its limit, then the result is read
ROOT_LP_ITERATIONS = 200_000

INSTANCE_KEYS = {
    "rounds",
    "tables",
    "participants",
    "requests",
    "time_limit_s",
    "fixed",
    "allow_moves",
}
PARTICIPANT_KEYS = {"id", "available"}
REQUEST_KEYS = {"a", "b", "weight"}
FIXED_KEYS = {"a", "b", "round", "table"}

# Why an announced meeting is not held at its round and table (`fixed_changed[].reason`).
PARTICIPANT_GONE = "participant_gone"  # a or b is no longer a participant
REQUEST_GONE = "request_gone"  # the pair is no longer among the requests
ROUND_GONE = "round_gone"  # its round is no longer in the rounds
TABLE_GONE = "table_gone"  # its table is beyond the number of tables
UNAVAILABLE = "unavailable"  # a or b is no longer available in its round
MOVED = "moved"  # it could stay, but allow_moves let the solver hold it elsewhere or drop it


class InstanceError(ValueError):
    """An instance the scheduler cannot read; the message names the faulty entry."""


def _q(value):
    return f"'{value}'" if isinstance(value, str) else repr(value)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _check_keys(entry, allowed, required, where):
    if not isinstance(entry, dict):
        raise InstanceError(f"{where}: must be an object")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise InstanceError(f"{where}: unknown key {_q(unknown[0])}")
    for key in required:
        if key not in entry:
            raise InstanceError(f"{where}: missing {_q(key)}")


def _check_id(value, where):
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where}: must be a non-empty string, not {_q(value)}")


def _list(instance, key, *, required=True):
    if key not in instance:
        if required:
            raise InstanceError(f"missing {_q(key)}")
        return []
    value = instance[key]
    if not isinstance(value, list):
        raise InstanceError(f"{key}: must be a list")
    return value


def validate(instance):
    """Check an instance and return it normalised, or raise InstanceError naming the faulty entry.

    The normalised instance has every key, each participant's rounds in the order of `rounds`,
    every request's weight, and `time_limit_s` as a float.
    """
    _check_keys(
        instance, INSTANCE_KEYS, ("rounds", "tables", "participants", "requests"), "instance"
    )
    position = _rounds(_list(instance, "rounds"))
    tables = instance["tables"]
    if not _is_int(tables) or tables < 1:
        raise InstanceError(f"tables: must be an integer of at least 1, not {_q(tables)}")
    participants = [
        _participant(entry, f"participants[{i}]", position)
        for i, entry in enumerate(_list(instance, "participants"))
    ]
    known = set()
    for i, participant in enumerate(participants):
        if participant["id"] in known:
            raise InstanceError(
                f"participants[{i}]: participant {_q(participant['id'])} is listed twice"
            )
        known.add(participant["id"])
    requests = _requests(_list(instance, "requests"), known)

    time_limit = instance.get("time_limit_s", DEFAULT_TIME_LIMIT_S)
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, int | float)
        or not math.isfinite(time_limit)
        or time_limit <= 0
    ):
        raise InstanceError(f"time_limit_s: must be a positive number, not {_q(time_limit)}")
    allow_moves = instance.get("allow_moves", False)
    if not isinstance(allow_moves, bool):
        raise InstanceError(f"allow_moves: must be true or false, not {_q(allow_moves)}")

    return {
        "rounds": list(position),
        "tables": tables,
        "participants": participants,
        "requests": requests,
        "time_limit_s": float(time_limit),
        "fixed": _fixed(_list(instance, "fixed", required=False)),
        "allow_moves": allow_moves,
    }


def _rounds(rounds):
    """Each round's position, in order."""
    if not rounds:
        raise InstanceError("rounds: at least one round is needed")
    position = {}
    for i, name in enumerate(rounds):
        _check_id(name, f"rounds[{i}]")
        if name in position:
            raise InstanceError(f"rounds[{i}]: round {_q(name)} is listed twice")
        position[name] = i
    return position


def _participant(entry, where, position):
    _check_keys(entry, PARTICIPANT_KEYS, ("id", "available"), where)
    _check_id(entry["id"], f"{where}.id")
    available = entry["available"]
    if not isinstance(available, list):
        raise InstanceError(f"{where}.available: must be a list")
    seen = set()
    for name in available:
        if not isinstance(name, str) or name not in position:
            raise InstanceError(f"{where}: round {_q(name)} is not in rounds")
        if name in seen:
            raise InstanceError(f"{where}: round {_q(name)} is listed twice")
        seen.add(name)
    return {"id": entry["id"], "available": sorted(available, key=position.__getitem__)}


def _requests(entries, known):
    requests = []
    pairs = {}
    for i, entry in enumerate(entries):
        where = f"requests[{i}]"
        _check_keys(entry, REQUEST_KEYS, ("a", "b"), where)
        a, b = entry["a"], entry["b"]
        for person in (a, b):
            if not isinstance(person, str) or person not in known:
                raise InstanceError(f"{where}: participant {_q(person)} is not in participants")
        if a == b:
            raise InstanceError(f"{where}: participant {_q(a)} cannot meet themselves")
        pair = frozenset((a, b))
        if pair in pairs:
            raise InstanceError(
                f"{where}: the pair {_q(a)}, {_q(b)} is already requested in "
                f"requests[{pairs[pair]}]; give one request per pair with the weight it is worth"
            )
        pairs[pair] = i
        weight = entry.get("weight", 1)
        if not _is_int(weight) or weight <= 0:
            raise InstanceError(f"{where}: weight must be a positive integer, not {_q(weight)}")
        requests.append({"a": a, "b": b, "weight": weight})
    return requests


def _fixed(entries):
    """Announced meetings may refer to people, rounds or tables that are gone (that is what a
    re-run after late changes is for); they only have to be a consistent schedule themselves."""
    fixed = []
    pairs = {}
    slots = {}
    busy = {}
    for i, entry in enumerate(entries):
        where = f"fixed[{i}]"
        _check_keys(entry, FIXED_KEYS, ("a", "b", "round", "table"), where)
        a, b, name, table = entry["a"], entry["b"], entry["round"], entry["table"]
        for key in ("a", "b", "round"):
            _check_id(entry[key], f"{where}.{key}")
        if a == b:
            raise InstanceError(f"{where}: participant {_q(a)} cannot meet themselves")
        if not _is_int(table) or table < 1:
            raise InstanceError(f"{where}: table must be an integer of at least 1, not {_q(table)}")
        pair = frozenset((a, b))
        if pair in pairs:
            raise InstanceError(
                f"{where}: the pair {_q(a)}, {_q(b)} is already announced in fixed[{pairs[pair]}]"
            )
        pairs[pair] = i
        if (name, table) in slots:
            raise InstanceError(
                f"{where}: round {_q(name)}, table {table} is already taken by "
                f"fixed[{slots[name, table]}]"
            )
        slots[name, table] = i
        for person in (a, b):
            if (person, name) in busy:
                raise InstanceError(
                    f"{where}: participant {_q(person)} already meets someone in round {_q(name)} "
                    f"(fixed[{busy[person, name]}])"
                )
            busy[person, name] = i
        fixed.append({"a": a, "b": b, "round": name, "table": table})
    return fixed


class _Problem:
    """The normalised instance in indices: rounds 0..R-1, requests 0..N-1."""

    def __init__(self, instance):
        self.instance = instance
        self.rounds = instance["rounds"]
        self.tables = instance["tables"]
        self.allow_moves = instance["allow_moves"]
        self.requests = instance["requests"]
        position = {name: r for r, name in enumerate(self.rounds)}
        self.available = {
            p["id"]: {position[name] for name in p["available"]} for p in instance["participants"]
        }
        # Rounds both sides of each request are available, in round order.
        self.feasible = [
            sorted(self.available[req["a"]] & self.available[req["b"]]) for req in self.requests
        ]
        by_pair = {frozenset((req["a"], req["b"])): k for k, req in enumerate(self.requests)}

        # Each announced meeting: its request (or None), its round index (or None), and why it
        # cannot stay where it is (None when it can).
        self.fixed = []
        for entry in instance["fixed"]:
            k = by_pair.get(frozenset((entry["a"], entry["b"])))
            r = position.get(entry["round"])
            if entry["a"] not in self.available or entry["b"] not in self.available:
                reason = PARTICIPANT_GONE
            elif k is None:
                reason = REQUEST_GONE
            elif r is None:
                reason = ROUND_GONE
            elif r not in self.available[entry["a"]] or r not in self.available[entry["b"]]:
                reason = UNAVAILABLE
            elif entry["table"] > self.tables:
                reason = TABLE_GONE
            else:
                reason = None
            self.fixed.append({"entry": entry, "request": k, "round": r, "reason": reason})
        # Requests whose announced meeting stays where it is, no matter what (round index).
        self.pinned = {
            f["request"]: f["round"]
            for f in self.fixed
            if f["reason"] is None and not self.allow_moves
        }
        # Requests that were announced and still exist: they come before the others.
        self.announced = {f["request"]: f for f in self.fixed if f["request"] is not None}

    def result(self, assignment, *, status, bound):
        """The output for `assignment` (request index -> round index)."""
        per_round = [[] for _ in self.rounds]
        for k, r in assignment.items():
            per_round[r].append(k)
        table_of = {}
        for r, held in enumerate(per_round):
            taken = set()
            for k in held:
                f = self.announced.get(k)
                if f and f["round"] == r and f["entry"]["table"] <= self.tables:
                    table_of[k] = f["entry"]["table"]
                    taken.add(table_of[k])
            free = (t for t in range(1, self.tables + 1) if t not in taken)
            for k in sorted(held):
                if k not in table_of:
                    table_of[k] = next(free)
        meetings = [
            {
                "a": self.requests[k]["a"],
                "b": self.requests[k]["b"],
                "round": self.rounds[assignment[k]],
                "table": table_of[k],
            }
            for k in sorted(assignment, key=lambda k: (assignment[k], table_of[k]))
        ]
        objective = sum(self.requests[k]["weight"] for k in assignment)

        kept = 0
        changed = []
        for f in self.fixed:
            k, entry = f["request"], f["entry"]
            if k in assignment and assignment[k] == f["round"] and table_of[k] == entry["table"]:
                kept += 1
                continue
            now = None
            if k in assignment:
                now = {"round": self.rounds[assignment[k]], "table": table_of[k]}
            changed.append({**entry, "reason": f["reason"] or MOVED, "now": now})
        return {
            "meetings": meetings,
            "objective": objective,
            "bound": bound,
            "status": status,
            "requested": len(self.requests),
            "scheduled": len(meetings),
            "fixed_kept": kept,
            "fixed_changed": changed,
        }

    def greedy_assignment(self, *, by_weight=True):
        """Announced meetings that stay first, then the others by weight (heaviest first, then
        announced ones first, then in the order given), each in the earliest round where both
        are free and a table is left. With `by_weight` false, the others come in the order given
        (announced ones first): first come, first served, as requests are booked without a
        solver."""
        busy = set()
        used = [0] * len(self.rounds)
        assignment = {}

        def place(k, r):
            req = self.requests[k]
            assignment[k] = r
            busy.add((req["a"], r))
            busy.add((req["b"], r))
            used[r] += 1

        stays = {f["request"]: f["round"] for f in self.fixed if f["reason"] is None}
        for k, r in stays.items():
            place(k, r)
        order = sorted(
            (k for k in range(len(self.requests)) if k not in stays),
            key=lambda k: (
                -self.requests[k]["weight"] if by_weight else 0,
                k not in self.announced,
                k,
            ),
        )
        for k in order:
            req = self.requests[k]
            for r in self.feasible[k]:
                if (
                    used[r] < self.tables
                    and (req["a"], r) not in busy
                    and (req["b"], r) not in busy
                ):
                    place(k, r)
                    break
        return assignment


def greedy(instance, *, by_weight=True):
    """A simple baseline with the same output as `solve` (status "feasible", bound None):
    heaviest requests first, or in the order given (`by_weight=False`)."""
    problem = _Problem(validate(instance))
    assignment = problem.greedy_assignment(by_weight=by_weight)
    return problem.result(assignment, status="feasible", bound=None)


def solve(instance):
    """The best schedule CP-SAT finds within `time_limit_s` (the whole call, model building
    included), with the proven bound on its objective.

    `bound` is an upper bound on the total weight of any schedule that holds at least as many
    announced meetings as this one (with no announced meetings: of any schedule). `status` is
    "optimal" when the solver proved it, then `bound` equals `objective`.

    The seed is fixed, but two workers race: when several schedules are equally good, two runs
    may return different ones (of the same objective when both are optimal). Announced meetings
    are what keeps a re-run from reshuffling a published schedule.
    """
    started = time.monotonic()
    from ortools.sat.python import cp_model

    problem = _Problem(validate(instance))
    hint = problem.greedy_assignment()
    model = cp_model.CpModel()
    x = _variables(problem, model, hint)
    objective = _objective(problem, x)
    model.Maximize(sum(coefficient * x[key] for key, coefficient in objective.items()))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(
        MIN_SEARCH_S,
        problem.instance["time_limit_s"] - END_MARGIN_S - (time.monotonic() - started),
    )
    solver.parameters.num_workers = WORKERS
    solver.parameters.random_seed = SEED
    # The bound comes from the LP relaxation. Given every constraint at once and enough simplex
    # iterations at the root, CP-SAT proved the optimum of `make bench-flash` in about 4 s
    # instead of 8 s, or not within 10 s.
    solver.parameters.add_lp_constraints_lazily = False
    solver.parameters.root_lp_iterations = ROOT_LP_ITERATIONS
    code = solver.Solve(model)

    if code == cp_model.OPTIMAL:
        assignment = {k: r for (k, r), var in x.items() if solver.Value(var)}
        result = problem.result(assignment, status="optimal", bound=None)
        result["bound"] = result["objective"]
        return result
    if code == cp_model.FEASIBLE:
        assignment = {k: r for (k, r), var in x.items() if solver.Value(var)}
    elif code == cp_model.UNKNOWN:
        # No solution within the time limit (a huge instance): the greedy schedule, which
        # satisfies every constraint, with what the solver proved.
        assignment = hint
    else:  # pragma: no cover - the empty schedule plus the pinned meetings is always feasible
        raise RuntimeError(f"CP-SAT: {solver.StatusName(code)}")
    result = problem.result(assignment, status="feasible", bound=None)
    result["bound"] = _weight_bound(problem, solver.BestObjectiveBound(), assignment)
    return result


def _variables(problem, model, hint):
    """x[request, round] for the rounds both sides are available, with every constraint."""
    requests = problem.requests
    x = {}
    for k, feasible in enumerate(problem.feasible):
        # An announced meeting that stays put has one variable, set.
        rounds = [problem.pinned[k]] if k in problem.pinned else feasible
        for r in rounds:
            x[k, r] = model.NewBoolVar(f"x{k}_{r}")
            model.AddHint(x[k, r], hint.get(k) == r)
        if k in problem.pinned:
            model.Add(x[k, problem.pinned[k]] == 1)
        elif len(rounds) > 1:
            model.AddAtMostOne(x[k, r] for r in rounds)

    by_round = {}
    by_person_round = {}
    for (k, r), var in x.items():
        by_round.setdefault(r, []).append(var)
        by_person_round.setdefault((requests[k]["a"], r), []).append(var)
        by_person_round.setdefault((requests[k]["b"], r), []).append(var)
    for variables in by_round.values():
        if len(variables) > problem.tables:
            model.Add(sum(variables) <= problem.tables)
    for variables in by_person_round.values():
        if len(variables) > 1:
            model.AddAtMostOne(variables)
    return x


def _scales(problem):
    """Lexicographic objective in one integer sum: announced meetings held (each worth more than
    all the weight), then the weight, then announced meetings left in their round (all of them
    together worth less than one unit of weight)."""
    stay_scale = len(problem.announced) + 1
    held_scale = stay_scale * (sum(req["weight"] for req in problem.requests) + 1)
    return held_scale, stay_scale


def _objective(problem, x):
    held_scale, stay_scale = _scales(problem)
    objective = {}
    for k, r in x:
        coefficient = stay_scale * problem.requests[k]["weight"]
        f = problem.announced.get(k)
        if f is not None:
            coefficient += held_scale + (1 if f["round"] == r else 0)
        objective[k, r] = coefficient
    return objective


def _weight_bound(problem, bound, assignment):
    """The solver's bound on the combined objective as a bound on the total weight of schedules
    that hold at least as many announced meetings as `assignment` (floored; never below the
    weight of `assignment`, never above the weight of all requests)."""
    held_scale, stay_scale = _scales(problem)
    held = sum(1 for k in assignment if k in problem.announced)
    weight = sum(problem.requests[k]["weight"] for k in assignment)
    total = sum(req["weight"] for req in problem.requests)
    # The solver's bound is a float; the tolerance keeps an integral bound from flooring below.
    proven = math.floor((bound + 1e-6 - held_scale * held) / stay_scale)
    return max(weight, min(proven, total))
