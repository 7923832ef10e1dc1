#!/usr/bin/env python3
"""Reconstruct respondent-level data for the 2020 barometer.

The real answers of the 2020 survey are not available. This script writes a
*reconstruction* consistent with every figure the 2020 publication states:

* responses.csv     one row per respondent, native CSV export (docs/formats.md)
* testimonies.yaml  the publication's quotations and the respondent each comes from

It is seeded and deterministic: running it twice writes identical bytes. After
writing, it reads both files back and asserts that, through the statistics
definitions of docs/formats.md, they reproduce the published figures.

Usage: python data/2020/reconstruct.py
Needs Python >= 3.9 and PyYAML (to read questionnaire.yaml and themes.yaml).
"""
from __future__ import annotations

import csv
import io
import json
import math
import random
import re
import sys
import unicodedata
from fractions import Fraction
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fillers as F  # noqa: E402
from quotations import Q5_QUOTES, Q13_QUOTES  # noqa: E402

SEED = 20201102

# --- published survey size -------------------------------------------------
N_RESPONDENTS = 817
N_COMPLETE = 532
# Partial respondents answer Q1..Qk and nothing after: k -> number of respondents.
# (Invented dropout pattern; chosen so that the bases give central roundings.)
DROPOUT = {1: 40, 2: 25, 3: 20, 4: 45, 5: 30, 6: 20, 7: 25, 8: 15, 9: 11, 10: 14, 11: 10, 12: 30}

# --- published figures (../../shared/reference/figures-2020.yaml) ---------
Q6_PUBLISHED = {  # share of all mentions, 2 decimals
    "mail": "24.89", "admin": "16.53", "visio": "13.53", "medi": "13.10",
    "rech": "12.26", "resx": "9.21", "ludo": "4.04",
}
Q6_PUBLISHED_SUM = "93.56"
Q10_PUBLISHED = {"1": "64", "2": "18.6", "3": "12.3"}  # share of respondents
Q12_TOTAL_MENTIONS = 1939
Q12_TOP = "secu"
TELEWORK_RESPONDENTS = 171

# --- reconstructed distributions (not published) ---------------------------
Q1_WEIGHTS = {"1": 79.0, "2": 14.5, "3": 6.5}
Q2_SHARES = {"enf": .36, "jeu": .33, "han": .27, "age": .16, "pre": .41, "mig": .14, "tou": .19, "aut": .06}
Q3_WEIGHTS = {"1": 52, "2": 9, "3": 39}
Q4_WEIGHTS = {"1": 86, "2": 14}
Q7_WEIGHTS = {  # Jamais, Parfois, Souvent (percent of the item's base)
    "presse": (12, 52, 36),      # "assez fréquente"
    "formation": (52, 38, 10),   # "encore assez rare": Jamais is the largest level
    "dossiers": (15, 30, 55),
    "info": (1.5, 18.5, 80),     # "généralisée"
    "redaction": (1.2, 12, 86.8),  # "généralisée"
    "stats": (30, 45, 25),
    "reseaux": (35, 40, 25),
}
# Grids on the 4-level agreement scale: the agree share is the target (published
# value, or an aim when the publication only gives a bound); the split of each
# group between its two levels is invented: (share of "D'accord" in agree,
# share of "Pas d'accord" in disagree).
Q8_AGREE = {  # item -> (published figure or None, aim, split)
    "vieprivee": ("93", None, (.72, .35)),
    "relation": (None, "69", (.30, .40)),
    "droits": (None, "44", (.14, .45)),      # not a majority
    "autonomie": (None, "58", (.17, .30)),   # a majority
}
Q8_VIEPRIVEE_DISAGREE = "7"
Q9_AGREE = {
    "autonomie": ("72", None, (.28, .30)),         # "un peu plus de 70 %": [70, 75)
    "collaboration": ("83", None, (.40, .30)),     # "plus de 80 %"
    "pratique": ("80", "80.2", (.45, .35)),        # "80 %", and >= 80 ("+ de 80%")
}
Q12_WEIGHTS = {"secu": 20.5, "droit": 15.5, "medi": 14.2, "collab": 13.0, "metier": 11.5,
               "resx": 8.3, "stats": 7.2, "bureau": 6.3, "autre": 3.5}


# ============================================================================
# arithmetic
# ============================================================================
def pct(n: int, d: int) -> Fraction:
    return Fraction(100 * n, d)


def decimals_of(figure: str) -> int:
    return len(figure.split(".")[1]) if "." in figure else 0


def round_half_away(x: Fraction, decimals: int) -> Fraction:
    q = x * 10 ** decimals
    r = math.floor(abs(q) + Fraction(1, 2))
    return Fraction(r if q >= 0 else -r, 10 ** decimals)


def boundary_distance(x: Fraction, decimals: int) -> Fraction:
    """Distance (in units of the last decimal) from x to the nearest rounding boundary."""
    q = x * 10 ** decimals
    frac = q - math.floor(q)
    return abs(frac - Fraction(1, 2))


def shows_as(x: Fraction, figure: str) -> bool:
    """True when x, rounded half away from zero at the figure's precision, is the figure,
    and x is not on a rounding boundary."""
    dec = decimals_of(figure)
    return round_half_away(x, dec) == Fraction(figure) and boundary_distance(x, dec) > 0


def fmt(x: Fraction, decimals: int = 2) -> str:
    return f"{float(round_half_away(x, decimals)):.{decimals}f}"


def count_for(figure: str, base: int, aim: str | None = None) -> int:
    """The count n (0..base) whose share n/base shows as `figure`, nearest to `aim`
    (default: the figure itself, i.e. the most central rounding)."""
    target = Fraction(aim if aim is not None else figure)
    candidates = [n for n in range(base + 1) if shows_as(pct(n, base), figure)]
    if not candidates:
        raise ValueError(f"no count out of {base} shows as {figure} %")
    return min(candidates, key=lambda n: (abs(pct(n, base) - target), n))


def largest_remainder(total: int, weights: dict) -> dict:
    keys = list(weights)
    wsum = sum(Fraction(str(weights[k])) for k in keys)
    exact = {k: Fraction(str(weights[k])) * total / wsum for k in keys}
    out = {k: math.floor(exact[k]) for k in keys}
    rest = total - sum(out.values())
    for k in sorted(keys, key=lambda k: (-(exact[k] - out[k]), keys.index(k)))[:rest]:
        out[k] += 1
    return out


def q6_counts(base: int) -> tuple[int, dict]:
    """Total mentions M and per-option ticks for Q6 such that the seven published
    options show their published share of mentions. Searches every M a base of
    `base` respondents can give (1 to 8 ticks each, no option ticked more than
    `base` times, some mentions left for the unpublished option) and keeps the M
    whose roundings are farthest from a boundary."""
    best = None
    for m in range(base, 8 * base + 1):
        counts, margin = {}, None
        for code, fig in Q6_PUBLISHED.items():
            n = count_for_or_none(fig, m)
            if n is None:
                break
            counts[code] = n
            d = boundary_distance(pct(n, m), 2)
            margin = d if margin is None else min(margin, d)
        else:
            if max(counts.values()) <= base and sum(counts.values()) < m:
                if best is None or margin > best[0]:
                    best = (margin, m, counts)
    if best is None:
        raise ValueError("no total of mentions reproduces the published Q6 shares")
    return best[1], best[2]


def count_for_or_none(figure: str, base: int):
    # fast path for q6_counts: only the integers next to the exact value can show as it
    exact = Fraction(figure) * base / 100
    for n in (math.floor(exact), math.ceil(exact)):
        if 0 <= n <= base and shows_as(pct(n, base), figure):
            return n
    return None


# ============================================================================
# text helpers
# ============================================================================
def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def theme_matches(theme: dict, text: str) -> bool:
    t = normalize(text)
    if any(re.search(normalize(p), t) for p in theme.get("exclude") or []):
        return False
    return any(re.search(normalize(p), t) for p in theme["patterns"])


def fragments(published: str) -> list[str]:
    return [p.strip() for p in published.split("[...]") if p.strip()]


def locate(published: str, answer: str, start: int = 0) -> int | None:
    """Position of the published text in the answer (its pieces in order, allowing
    only [...] cuts); None when not found."""
    pos, first = start, None
    for piece in fragments(published):
        i = answer.find(piece, pos)
        if i < 0:
            return None
        first = i if first is None else first
        pos = i + len(piece)
    return first


PRIVACY_PATTERNS = {
    "e-mail address": r"[\w.+-]+@[\w-]+\.[\w.-]+",
    "phone number": r"(?:\+33|\b0)[1-9](?:[ .-]?\d{2}){4}\b",
    "civility + name": r"\b(?:M\.|Mme|Mlle|Madame|Monsieur|Mademoiselle|Dr)\s+[A-ZÉÈ][a-zéèêëïî]+",
    "street address": r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|allée|place|impasse|quai)\b",
}


def privacy_issues(text: str) -> list[str]:
    return [k for k, p in PRIVACY_PATTERNS.items() if re.search(p, text, flags=re.IGNORECASE if k != "civility + name" else 0)]


# ============================================================================
# generation
# ============================================================================
def load_questionnaire():
    q = yaml.safe_load((HERE / "questionnaire.yaml").read_text(encoding="utf-8"))
    return q, {qq["id"]: qq for qq in q["questions"]}


def columns_of(question: dict) -> list[str]:
    qid, t = question["id"], question["type"]
    if t == "multiple":
        return [f"{qid}_{o['code']}" for o in question["options"]]
    if t == "grid":
        return [f"{qid}_{i['code']}" for i in question["items"]]
    return [qid]


def telework_theme():
    themes = yaml.safe_load((HERE / "themes.yaml").read_text(encoding="utf-8"))
    return next(t for t in themes["Q5"] if t["id"] == "teletravail")


def assign_single(rng, people, counts: dict, answers, col):
    codes = [c for c, n in counts.items() for _ in range(n)]
    assert len(codes) == len(people), (col, len(codes), len(people))
    rng.shuffle(codes)
    for p, c in zip(people, codes):
        answers[p][col] = c


def assign_multiple(rng, people, counts: dict, answers, qid):
    """Tick counts[code] boxes of each option among `people`, everyone at least one."""
    n, m = len(people), sum(counts.values())
    assert m >= n and max(counts.values()) <= n, (qid, n, m)
    # one "primary" tick per respondent, spread across options in proportion to counts
    primary = largest_remainder(n, counts)
    assert all(primary[c] <= counts[c] for c in counts)
    order = list(people)
    rng.shuffle(order)
    prim_codes = [c for c, k in primary.items() for _ in range(k)]
    rng.shuffle(prim_codes)
    ticks = {p: set() for p in people}
    for p, c in zip(order, prim_codes):
        ticks[p].add(c)
    for c, k in counts.items():
        candidates = [p for p in people if c not in ticks[p]]
        for p in rng.sample(candidates, k - primary[c]):
            ticks[p].add(c)
    for p in people:
        for c in counts:
            answers[p][f"{qid}_{c}"] = "1" if c in ticks[p] else "0"


def agree_counts(base, figure, aim, split):
    agree = count_for(figure, base, aim) if figure else count_for(str(round(Fraction(aim))), base, aim)
    disagree = base - agree
    fully_agree = round(agree * split[0])
    fully_disagree = round(disagree * split[1])
    return {"1": fully_agree, "2": agree - fully_agree, "3": disagree - fully_disagree, "4": fully_disagree}


def unique_text(rng, used: set, make, accept=lambda s: True, tries=200) -> str:
    for _ in range(tries):
        s = make()
        if s not in used and accept(s):
            used.add(s)
            return s
    for _ in range(tries):  # allow a repeated answer rather than fail
        s = make()
        if accept(s):
            return s
    raise RuntimeError("cannot generate an acceptable answer")


def join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def build(seed: int = SEED):
    """Return (csv text, testimonies yaml text, plan) for the given seed."""
    rng = random.Random(seed)
    qdoc, Q = load_questionnaire()
    qids = [q["id"] for q in qdoc["questions"]]
    nq = len(qids)
    assert nq == 13 and sum(DROPOUT.values()) == N_RESPONDENTS - N_COMPLETE
    assert set(DROPOUT) <= set(range(1, nq))

    # respondents: shuffled ids, each with the index of the last question answered
    ids = [f"R{i:04d}" for i in range(1, N_RESPONDENTS + 1)]
    rng.shuffle(ids)
    stops = [nq] * N_COMPLETE + [k for k, n in DROPOUT.items() for _ in range(n)]
    rng.shuffle(stops)
    stop = dict(zip(ids, stops))
    answers = {p: {} for p in ids}

    def answering(qid):
        j = qids.index(qid) + 1
        return [p for p in ids if stop[p] >= j]

    base = {qid: len(answering(qid)) for qid in qids}
    plan = {"bases": base}

    # --- closed questions ----------------------------------------------------
    assign_single(rng, answering("Q1"), largest_remainder(base["Q1"], Q1_WEIGHTS), answers, "Q1")
    assign_multiple(rng, answering("Q2"), {c: round(s * base["Q2"]) for c, s in Q2_SHARES.items()}, answers, "Q2")
    assign_single(rng, answering("Q3"), largest_remainder(base["Q3"], Q3_WEIGHTS), answers, "Q3")
    assign_single(rng, answering("Q4"), largest_remainder(base["Q4"], Q4_WEIGHTS), answers, "Q4")

    m6, q6 = q6_counts(base["Q6"])
    q6["autre"] = m6 - sum(q6.values())
    plan["Q6"] = {"total_mentions": m6, "counts": dict(q6)}
    assign_multiple(rng, answering("Q6"), q6, answers, "Q6")

    plan["Q7"] = {}
    for item, w in Q7_WEIGHTS.items():
        counts = largest_remainder(base["Q7"], dict(zip(("1", "2", "3"), w)))
        plan["Q7"][item] = counts
        assign_single(rng, answering("Q7"), counts, answers, f"Q7_{item}")

    for qid, spec in (("Q8", Q8_AGREE), ("Q9", Q9_AGREE)):
        plan[qid] = {}
        for item, (figure, aim, split) in spec.items():
            counts = agree_counts(base[qid], figure, aim, split)
            plan[qid][item] = counts
            assign_single(rng, answering(qid), counts, answers, f"{qid}_{item}")

    q10 = {c: count_for(fig, base["Q10"]) for c, fig in Q10_PUBLISHED.items()}
    q10["4"] = base["Q10"] - sum(q10.values())
    plan["Q10"] = q10
    assign_single(rng, answering("Q10"), q10, answers, "Q10")

    q12 = largest_remainder(Q12_TOTAL_MENTIONS, Q12_WEIGHTS)
    plan["Q12"] = q12
    assign_multiple(rng, answering("Q12"), q12, answers, "Q12")

    # --- open questions ------------------------------------------------------
    tele = telework_theme()
    is_tele = lambda s: theme_matches(tele, s)  # noqa: E731
    testimonies = []

    # Q5: quoted respondents said their activity evolved (Q4 = Oui)
    q5_people = answering("Q5")
    evolved = [p for p in q5_people if answers[p]["Q4"] == "1"]
    quoted = rng.sample(evolved, len(Q5_QUOTES))
    for p, (answer, quotes) in zip(quoted, Q5_QUOTES):
        answers[p]["Q5"] = answer
        for tid, theme, text in quotes:
            testimonies.append({"id": tid, "respondent": p, "question": "Q5", "chapter": "activite",
                                "theme": theme, "text": text})
    quoted_tele = sum(is_tele(a) for a, _ in Q5_QUOTES)
    rest_evolved = [p for p in evolved if p not in set(quoted)]
    tele_people = set(rng.sample(rest_evolved, TELEWORK_RESPONDENTS - quoted_tele))
    used = {a for a, _ in Q5_QUOTES}
    for p in q5_people:
        if "Q5" in answers[p]:
            continue
        if p in tele_people:
            answers[p]["Q5"] = unique_text(rng, used, lambda: join(
                rng.choice(F.Q5_TELEWORK_OPENERS), rng.choice(F.Q5_TELEWORK_WHEN),
                rng.choice(F.Q5_TELEWORK_DETAILS)) + rng.choice(F.Q5_TELEWORK_ENDINGS), is_tele)
        elif answers[p]["Q4"] == "1":
            answers[p]["Q5"] = unique_text(rng, used, lambda: join(
                *rng.sample(F.Q5_EVOLVED_MAIN, rng.choice((1, 1, 2))), rng.choice(F.Q5_EVOLVED_SECOND)),
                lambda s: not is_tele(s))
        else:
            answers[p]["Q5"] = unique_text(rng, used, lambda: join(
                rng.choice(F.Q5_NOT_EVOLVED), rng.choice(F.Q5_NOT_EVOLVED_SECOND)),
                lambda s: not is_tele(s))

    # Q11: by the way skills were acquired (Q10)
    used = set()
    for p in answering("Q11"):
        pool = F.Q11_BY_Q10[answers[p]["Q10"]]
        answers[p]["Q11"] = unique_text(rng, used, lambda: join(rng.choice(pool), rng.choice(F.Q11_TOPIC), rng.choice(F.Q11_SECOND)))

    # Q13: quoted respondents are complete respondents
    q13_people = answering("Q13")
    taken = set()
    for constraints, answer, quotes in Q13_QUOTES:
        candidates = [p for p in q13_people if p not in taken
                      and all(answers[p].get(k) == v for k, v in constraints.items())]
        p = rng.choice(candidates)
        taken.add(p)
        answers[p]["Q13"] = answer
        for tid, theme, text in quotes:
            testimonies.append({"id": tid, "respondent": p, "question": "Q13", "chapter": "espoirs",
                                "theme": theme, "text": text})
    used = {a for _, a, _ in Q13_QUOTES}

    def q13_filler():
        kind = rng.choice(("fear", "fear", "hope", "both", "both", "both"))
        if kind == "fear":
            s = rng.choice(F.Q13_FEARS)
        elif kind == "hope":
            s = rng.choice(F.Q13_HOPES)
        else:
            parts = [rng.choice(F.Q13_FEARS), rng.choice(F.Q13_HOPES)]
            rng.shuffle(parts)
            s = join(*parts)
        return s + rng.choice(F.Q13_CLOSERS)

    for p in q13_people:
        if p not in taken:
            answers[p]["Q13"] = unique_text(rng, used, q13_filler)

    # --- write -----------------------------------------------------------
    header = ["id"] + [c for qid in qids for c in columns_of(Q[qid])]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for p in ids:
        w.writerow([p] + [answers[p].get(c, "") for c in header[1:]])

    y = io.StringIO()
    y.write("# Quotations of the 2020 publication. GENERATED by reconstruct.py: edit\n"
            "# quotations.py and re-run it. `text` is exactly as published (\"[...]\" marks a\n"
            "# cut); `respondent` is the reconstructed respondent whose answer holds it.\n")
    for t in testimonies:
        y.write(f"- id: {t['id']}\n")
        for k in ("respondent", "question", "chapter", "theme"):
            y.write(f"  {k}: {t[k]}\n")
        y.write(f"  text: {json.dumps(t['text'], ensure_ascii=False)}\n")
    return out.getvalue(), y.getvalue(), plan


# ============================================================================
# self-check: everything below reads the files back from disk
# ============================================================================
def read_back():
    with open(HERE / "responses.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows


def answered(row, question) -> bool:
    return any(row[c] != "" for c in columns_of(question))


def check(plan) -> list[str]:
    report = []
    qdoc, Q = load_questionnaire()
    qids = [q["id"] for q in qdoc["questions"]]
    rows = read_back()
    raw = (HERE / "responses.csv").read_bytes()
    assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf"), "expected UTF-8 without BOM, \\n line endings"

    def label(qid, code):
        q = Q[qid]
        return next(o["label"] for o in q.get("options") or q.get("items") if o["code"] == code)

    # respondents, completeness, dropout pattern
    ids = [r["id"] for r in rows]
    assert len(rows) == N_RESPONDENTS and len(set(ids)) == N_RESPONDENTS
    assert all(re.fullmatch(r"R\d{4}", i) for i in ids) and ids != sorted(ids)
    complete = 0
    for r in rows:
        flags = [answered(r, Q[q]) for q in qids]
        k = sum(flags)
        assert flags == [True] * k + [False] * (len(qids) - k) and k >= 1, (r["id"], flags)
        complete += k == len(qids)
    assert complete == N_COMPLETE and len(rows) - complete == N_RESPONDENTS - N_COMPLETE
    bases = {q: sum(answered(r, Q[q]) for r in rows) for q in qids}
    assert bases == plan["bases"]
    report.append(f"respondents {len(rows)}: complete {complete}, partial {len(rows) - complete}")
    report.append("bases: " + ", ".join(f"{q}={n}" for q, n in bases.items()))

    def single(qid):
        rr = [r for r in rows if r[qid] != ""]
        return {o["code"]: sum(r[qid] == o["code"] for r in rr) for o in Q[qid]["options"]}, len(rr)

    def multiple(qid):
        rr = [r for r in rows if answered(r, Q[qid])]
        ticks = {o["code"]: sum(r[f"{qid}_{o['code']}"] == "1" for r in rr) for o in Q[qid]["options"]}
        return ticks, len(rr)

    def grid(qid, item):
        rr = [r for r in rows if r[f"{qid}_{item}"] != ""]
        return {lv: sum(r[f"{qid}_{item}"] == lv for r in rr) for lv in ("1", "2", "3", "4")}, len(rr)

    # Q1: the three published functions, mostly field workers
    q1, n = single("Q1")
    assert [o["label"] for o in Q["Q1"]["options"]] == [
        "Travailleur social / Professionnel de terrain", "Cadre / Chef de service",
        "Directeur d'établissement ou de service social ou médico-social"]
    assert q1["1"] > n / 2 and all(v > 0 for v in q1.values())
    report.append("Q1 " + ", ".join(f"{c}: {v}/{n} = {fmt(pct(v, n), 1)} %" for c, v in q1.items()))

    # Q6: shares of mentions, 2 decimals
    ticks, n = multiple("Q6")
    total = sum(ticks.values())
    shown = 0
    for code, fig in Q6_PUBLISHED.items():
        x = pct(ticks[code], total)
        assert shows_as(x, fig), (code, ticks[code], total, float(x), fig)
        shown += round_half_away(x, 2)
        report.append(f"Q6 {code}: {ticks[code]}/{total} = {float(x):.4f} % -> {fmt(x)} (published {fig})")
    assert shown == Fraction(Q6_PUBLISHED_SUM), shown
    report.append(f"Q6 autre: {ticks['autre']}/{total} = {float(pct(ticks['autre'], total)):.4f} %;"
                  f" {n} respondents answered, published seven sum to {float(shown):.2f} %")

    # Q7: orderings
    for item, lbl_rule in (("formation", "Jamais largest"), ("info", "Jamais < 3 %"),
                           ("redaction", "Jamais < 3 %"), ("presse", "Parfois + Souvent majority")):
        c, n = grid("Q7", item)
        if item == "formation":
            assert c["1"] > c["2"] and c["1"] > c["3"]
        elif item == "presse":
            assert c["2"] + c["3"] > 2 * c["1"] and c["2"] + c["3"] > n * 0.75
        else:
            assert pct(c["1"], n) < 3
        report.append(f"Q7 {item} ({lbl_rule}): J/P/S = {c['1']}/{c['2']}/{c['3']} of {n} = "
                      + "/".join(fmt(pct(c[lv], n), 1) for lv in "123") + " %")
    for item in ("dossiers", "stats", "reseaux"):
        c, n = grid("Q7", item)
        report.append(f"Q7 {item}: J/P/S = {c['1']}/{c['2']}/{c['3']} of {n}")

    # Q8, Q9: grouped agreement
    def groups(qid, item):
        c, n = grid(qid, item)
        return pct(c["1"] + c["2"], n), pct(c["3"] + c["4"], n), c, n

    a, d, c, n = groups("Q8", "vieprivee")
    assert shows_as(a, Q8_AGREE["vieprivee"][0]) and shows_as(d, Q8_VIEPRIVEE_DISAGREE)
    report.append(f"Q8 vieprivee: agree {c['1'] + c['2']}/{n} = {float(a):.3f} % -> {fmt(a, 0)}; "
                  f"disagree {c['3'] + c['4']}/{n} = {float(d):.3f} % -> {fmt(d, 0)}")
    a, d, c, n = groups("Q8", "droits")
    assert 40 <= a < 48, float(a)
    report.append(f"Q8 droits: agree {c['1'] + c['2']}/{n} = {float(a):.2f} % (not a majority)")
    a, d, c, n = groups("Q8", "autonomie")
    assert a > 50 and round_half_away(a, 0) > 50
    report.append(f"Q8 autonomie: agree {c['1'] + c['2']}/{n} = {float(a):.2f} % (majority)")
    a, d, c, n = groups("Q8", "relation")
    report.append(f"Q8 relation: agree {c['1'] + c['2']}/{n} = {float(a):.2f} %")
    a, d, c, n = groups("Q9", "autonomie")
    assert 70 <= a < 75 and 70 < round_half_away(a, 0) < 75 and shows_as(a, "72")
    report.append(f"Q9 autonomie: agree {c['1'] + c['2']}/{n} = {float(a):.3f} % -> {fmt(a, 0)}")
    a, d, c, n = groups("Q9", "collaboration")
    assert a > 80 and round_half_away(a, 0) > 80 and shows_as(a, "83")
    report.append(f"Q9 collaboration: agree {c['1'] + c['2']}/{n} = {float(a):.3f} % -> {fmt(a, 0)}")
    a, d, c, n = groups("Q9", "pratique")
    assert a >= 80 and shows_as(a, "80")
    report.append(f"Q9 pratique: agree {c['1'] + c['2']}/{n} = {float(a):.3f} % -> {fmt(a, 0)}")

    # Q10
    q10, n = single("Q10")
    for code, fig in Q10_PUBLISHED.items():
        x = pct(q10[code], n)
        assert shows_as(x, fig), (code, q10[code], n, float(x), fig)
        report.append(f"Q10 {label('Q10', code)}: {q10[code]}/{n} = {float(x):.3f} % -> "
                      f"{fmt(x, decimals_of(fig))} (published {fig})")
    report.append(f"Q10 Autre: {q10['4']}/{n}")

    # Q12
    ticks, n = multiple("Q12")
    assert sum(ticks.values()) == Q12_TOTAL_MENTIONS
    top = max(ticks, key=ticks.get)
    assert top == Q12_TOP and sorted(ticks.values())[-1] > sorted(ticks.values())[-2]
    assert label("Q12", top) == "Sécuriser les données et protéger la vie privée"
    report.append(f"Q12: {sum(ticks.values())} mentions by {n} respondents; "
                  + ", ".join(f"{c} {v}" for c, v in ticks.items()))

    # Q5 telework theme
    tele = telework_theme()
    q5 = [r["Q5"] for r in rows if r["Q5"] != ""]
    nt = sum(theme_matches(tele, a) for a in q5)
    assert nt == TELEWORK_RESPONDENTS, nt
    report.append(f"Q5 theme teletravail: {nt} of {len(q5)} answers")
    themes = yaml.safe_load((HERE / "themes.yaml").read_text(encoding="utf-8"))
    for qid, ths in themes.items():
        texts = [r[qid] for r in rows if r[qid] != ""]
        report.append(f"{qid} themes: " + ", ".join(
            f"{t['id']} {sum(theme_matches(t, a) for a in texts)}" for t in ths))

    # testimonies
    testimonies = yaml.safe_load((HERE / "testimonies.yaml").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in rows}
    assert len({t["id"] for t in testimonies}) == len(testimonies)
    last = {}
    for t in testimonies:
        assert t["chapter"] == {"Q5": "activite", "Q13": "espoirs"}[t["question"]], t["id"]
        assert Q[t["question"]]["type"] == "open"
        answer = by_id[t["respondent"]][t["question"]]
        pos = locate(t["text"], answer)
        assert pos is not None, ("testimony not in its answer", t["id"])
        key = (t["respondent"], t["question"])
        # fragments of one answer are listed in the order the answer holds them
        assert locate(t["text"], answer, last.get(key, 0)) is not None, ("order", t["id"])
        last[key] = pos + 1
        if t["question"] == "Q5":
            assert by_id[t["respondent"]]["Q4"] == "1"
    report.append(f"testimonies: {len(testimonies)} quotations from {len(last)} answers, all found verbatim")

    # privacy gate
    for r in rows:
        for q in qids:
            if Q[q]["type"] == "open" and r[q]:
                issues = privacy_issues(r[q])
                assert not issues, (r["id"], q, issues, r[q])
    report.append("privacy: no e-mail address, phone number, civility + name or street address")
    return report


def main():
    csv_text, yaml_text, plan = build()
    again = build()
    assert (csv_text, yaml_text) == again[:2], "generation is not deterministic"
    (HERE / "responses.csv").write_bytes(csv_text.encode("utf-8"))
    (HERE / "testimonies.yaml").write_bytes(yaml_text.encode("utf-8"))
    for line in check(plan):
        print(line)
    print("OK: responses.csv and testimonies.yaml reproduce the published figures")


if __name__ == "__main__":
    main()
