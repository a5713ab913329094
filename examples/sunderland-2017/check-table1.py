#!/usr/bin/env python3
"""Check plan.csv against the tables printed in the Sunderland 2017 report.

1. Table 1 ("Current RAG Rating Assigned to Action by Priority"): counts of
   R / A / LG / DG / C per priority at "Nov 16" and "Current", plus totals.
2. The section 2 "Previous vs Current" tables (both "the changes to the actions
   under priority N" and "actions ... that have a RAG rating of Red or Amber"):
   every action listed there must have the same Nov 16 and Current codes in
   plan.csv.

The expected values below are typed in from the seed
(shared/seeds/sunderland-2017-improvement-plan-progress.txt); they are the
authority, so a failure means plan.csv is wrong, not these numbers.

Standard library only.  Usage:  python3 examples/sunderland-2017/check-table1.py [plan.csv]
Prints "Table 1 matches" (and the section 2 result) and exits 0, or lists the
differing cells and exits 1.
"""
import csv
import os
import sys

CODES = ["R", "A", "LG", "DG", "C"]
LABELS = {"R": "Red", "A": "Amber", "LG": "Light Green", "DG": "Dark Green", "C": "Completed"}
HEADERS = [
    "Priority", "Priority title", "Priority outcome", "Reference", "Ofsted reference",
    "Action", "Success measures", "Lead", "Due date",
    "RAG Initial (", "RAG Nov 16 (", "RAG Current (", "Note",
]

# Table 1, one line per priority, in the report's column order:
#   Red Nov16, Red Current, Amber Nov16, Amber Current, Light Green Nov16, Light Green Current,
#   Dark Green Nov16, Dark Green Current, Completed Nov16, Completed Current
TABLE1 = {
    1: [0, 0, 2, 0, 1, 0, 2, 3, 2, 4],
    2: [0, 0, 1, 1, 0, 0, 0, 0, 0, 0],
    3: [0, 0, 4, 1, 10, 3, 0, 10, 6, 6],
    4: [0, 0, 3, 3, 6, 2, 1, 4, 2, 3],
    5: [0, 0, 0, 0, 1, 0, 0, 1, 1, 1],
    6: [0, 0, 2, 2, 2, 0, 2, 2, 0, 2],
    7: [0, 0, 1, 1, 9, 3, 1, 6, 0, 1],
}
TABLE1_TOTALS = [0, 0, 13, 8, 29, 8, 6, 26, 11, 17]

# "Actions agreed by the Improvement Board as Complete": the 14 actions the seed lists as completed.
# Table 1 counts 17 completed at Current; the seed itself disagrees, and plan.csv fills the gap with
# placeholder rows whose references start "UNLISTED" (README.md, "Placeholder rows").
COMPLETED_LIST = ["1.2", "1.3", "1.6", "3.1", "3.4", "3.5", "3.8", "3.17", "4.1", "4.7", "4.12", "6.1", "6.2", "7.6"]

# Section 2 tables: (reference, previous = Nov 16, current)
SECTION2 = [
    # 2.5 changes under priority 1
    ("1.1", "A", "DG"), ("1.2", "DG", "C"), ("1.4", "A", "DG"), ("1.5", "LG", "DG"), ("1.6", "DG", "C"),
    # 2.7 priority 2 (remains Amber)
    ("2.1", "A", "A"),
    # 2.17 changes under priority 3
    ("3.2", "LG", "DG"), ("3.3", "A", "DG"), ("3.7", "LG", "DG"), ("3.9", "LG", "DG"),
    ("3.11", "LG", "DG"), ("3.12", "LG", "DG"), ("3.13", "LG", "DG"), ("3.14", "LG", "DG"),
    ("3.18", "A", "LG"), ("3.19", "LG", "DG"), ("3.20", "A", "DG"),
    # 2.18 priority 3 Red or Amber
    ("3.10", "A", "A"),
    # 2.24 changes under priority 4
    ("4.8", "LG", "DG"), ("4.9", "LG", "DG"), ("4.10", "LG", "DG"), ("4.11", "LG", "DG"), ("4.12", "DG", "C"),
    # 2.25 priority 4 Red or Amber
    ("4.3", "A", "A"), ("4.4", "A", "A"), ("4.6", "A", "A"),
    # 2.30 changes under priority 5
    ("5.1", "LG", "DG"),
    # 2.36 changes under priority 6
    ("6.1", "DG", "C"), ("6.2", "DG", "C"), ("6.4", "LG", "DG"), ("6.5", "LG", "DG"),
    # 2.37 priority 6 Red or Amber
    ("6.3", "A", "A"), ("6.6", "A", "A"),
    # 2.46 changes under priority 7
    ("7.3", "LG", "DG"), ("7.4", "LG", "DG"), ("7.6", "DG", "C"), ("7.7", "LG", "DG"),
    ("7.8", "LG", "DG"), ("7.10", "LG", "DG"), ("7.11", "LG", "DG"),
    # 2.47 priority 7 Red or Amber
    ("7.9", "A", "A"),
]


def column(headers, prefix):
    found = [h for h in headers if h.startswith(prefix)]
    if len(found) != 1:
        sys.exit(f"plan.csv: expected exactly one column starting with {prefix!r}, found {found}")
    return found[0]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "plan.csv")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        headers = reader.fieldnames or []
        rows = list(reader)

    problems = []
    if len(headers) != len(HEADERS) or any(not h.startswith(e) if e.endswith("(") else h != e
                                           for h, e in zip(headers, HEADERS)):
        problems.append(f"headers differ: {headers}")
    nov = column(headers, "RAG Nov 16 (")
    cur = column(headers, "RAG Current (")
    ini = column(headers, "RAG Initial (")

    # Every RAG cell must be empty or one of the codes.
    for r in rows:
        for col in (ini, nov, cur):
            if r[col] not in CODES + [""]:
                problems.append(f"{r['Reference']}: {col} has unknown code {r[col]!r}")

    # --- Table 1 -----------------------------------------------------------
    counts = {p: {(c, w): 0 for c in CODES for w in ("nov", "cur")} for p in TABLE1}
    for r in rows:
        p = int(r["Priority"])
        if p not in counts:
            problems.append(f"{r['Reference']}: unknown priority {p}")
            continue
        for w, col in (("nov", nov), ("cur", cur)):
            if r[col] in CODES:
                counts[p][(r[col], w)] += 1

    def as_list(cnt):
        return [cnt[(c, w)] for c in CODES for w in ("nov", "cur")]

    names = [f"{LABELS[c]} {'Nov 16' if w == 'nov' else 'Current'}" for c in CODES for w in ("nov", "cur")]
    table_diffs = []
    totals = [0] * 10
    print(f"{'Priority':<9}" + "".join(f"{c + ' ' + w:>11}" for c in CODES for w in ("Nov16", "Curr")))
    for p in sorted(counts):
        got = as_list(counts[p])
        totals = [a + b for a, b in zip(totals, got)]
        print(f"{p:<9}" + "".join(f"{v:>11}" for v in got))
        for name, g, e in zip(names, got, TABLE1[p]):
            if g != e:
                table_diffs.append(f"Table 1 priority {p}, {name}: plan.csv has {g}, Table 1 says {e}")
    print(f"{'Totals':<9}" + "".join(f"{v:>11}" for v in totals))
    for name, g, e in zip(names, totals, TABLE1_TOTALS):
        if g != e:
            table_diffs.append(f"Table 1 totals, {name}: plan.csv has {g}, Table 1 says {e}")
    # The typed-in totals must themselves add up (guards against a typing slip).
    for i, name in enumerate(names):
        s = sum(TABLE1[p][i] for p in TABLE1)
        if s != TABLE1_TOTALS[i]:
            table_diffs.append(f"Table 1 as typed: {name} rows sum to {s} but the Totals row says {TABLE1_TOTALS[i]}")

    # --- Section 2 tables --------------------------------------------------
    by_ref = {}
    for r in rows:
        if r["Reference"] in by_ref:
            problems.append(f"duplicate reference {r['Reference']}")
        by_ref[r["Reference"]] = r
    s2_diffs = []
    for ref, prev, now in SECTION2:
        r = by_ref.get(ref)
        if r is None:
            s2_diffs.append(f"section 2 lists {ref} ({prev} -> {now}) but plan.csv has no such row")
            continue
        if r[nov] != prev:
            s2_diffs.append(f"{ref}: {nov} is {r[nov]!r}, section 2 'Previous' says {prev!r}")
        if r[cur] != now:
            s2_diffs.append(f"{ref}: {cur} is {r[cur]!r}, section 2 'Current' says {now!r}")

    # --- The seed's own disagreement: Table 1's 17 completed against the list's 14 -------------
    completed = [r["Reference"] for r in rows if r[cur] == "C"]
    listed = [ref for ref in completed if ref in COMPLETED_LIST]
    placeholders = [ref for ref in completed if ref.startswith("UNLISTED")]
    print()
    print(f"Completed at Current: Table 1 counts {TABLE1_TOTALS[9]}, the seed's completed list names {len(COMPLETED_LIST)}; "
          f"plan.csv has {len(completed)}: {len(listed)} from the list + {len(placeholders)} placeholder rows ({', '.join(placeholders)}), "
          f"which exist only so the totals match Table 1")
    for ref in COMPLETED_LIST:
        if ref not in completed:
            problems.append(f"{ref} is in the seed's completed list but is not C at Current in plan.csv")
    for ref in completed:
        if ref not in COMPLETED_LIST and not ref.startswith("UNLISTED"):
            problems.append(f"{ref} is C at Current but is neither in the seed's completed list nor a placeholder row")

    print()
    if table_diffs:
        print("Table 1 differs:")
        for d in table_diffs:
            print("  " + d)
    else:
        print("Table 1 matches")
    if s2_diffs:
        print("Section 2 Previous vs Current tables differ:")
        for d in s2_diffs:
            print("  " + d)
    else:
        print(f"Section 2 Previous vs Current tables match ({len(SECTION2)} actions)")
    for d in problems:
        print("Problem: " + d)
    return 1 if (table_diffs or s2_diffs or problems) else 0


if __name__ == "__main__":
    sys.exit(main())
