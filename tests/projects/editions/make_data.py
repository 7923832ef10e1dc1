"""Write the synthetic responses of the three editions (exact counts, seeded order).

Synthetic data for the tests, not real answers. Each question's answers are given as counts
per code; the order of the respondents is shuffled with a fixed seed.
"""

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent
ANSWERS = {"teletravail": "Plus de télétravail qu'avant.", "visio": "Des réunions en visio.",
           "rien": "Rien de particulier."}
EDITIONS = {
    "2022": {"size": 100, "fonction": {"1": 60, "2": 40},
             "outils": {"mail": 70, "visio": 30, "sms": 20},
             "avis_utile": {"1": 30, "2": 30, "3": 25, "4": 15},
             "avis_risque": {"1": 10, "2": 20, "3": 40, "4": 30},
             "formation": {"1": 40, "2": 60}, "equipement": {"1": 50, "2": 50},
             "evolution": {"teletravail": 20, "visio": 10, "rien": 70}},
    "2023": {"size": 120, "fonction": {"1": 66, "2": 54},
             "outils": {"mail": 86, "visio": 66, "sms": 22},
             "avis_utile": {"1": 45, "2": 45, "3": 20, "4": 10},
             "avis_risque": {"1": 12, "2": 24, "3": 48, "4": 36},
             "formation": {"1": 72, "2": 48},
             "evolution": {"teletravail": 40, "visio": 20, "rien": 60}},
    "2024": {"size": 150, "fonction": {"1": 90, "2": 60},
             "outils": {"mail": 110, "visio": 100, "sms": 30, "chat": 45},
             "avis_utile": {"1": 60, "2": 60, "3": 20, "4": 10},
             "avis_risque": {"1": 30, "2": 30, "3": 50, "4": 40},
             "formation": {"1": 75, "2": 75}, "ia": {"1": 45, "2": 105},
             "evolution": {"teletravail": 50, "visio": 30, "rien": 70}},
}


def column(counts: dict[str, int], size: int, rng: random.Random) -> list[str]:
    cells = [code for code, count in counts.items() for _ in range(count)]
    assert len(cells) == size, (counts, size)
    rng.shuffle(cells)
    return cells


def ticks(count: int, size: int, rng: random.Random) -> list[str]:
    cells = ["1"] * count + ["0"] * (size - count)
    rng.shuffle(cells)
    return cells


def main() -> None:
    for edition, spec in EDITIONS.items():
        rng = random.Random(int(edition))
        size = spec["size"]
        columns = {"id": [f"R{edition}-{index:03d}" for index in range(1, size + 1)]}
        for name, counts in spec.items():
            if name == "size":
                continue
            if name == "outils":
                for option, count in counts.items():
                    columns[f"outils_{option}"] = ticks(count, size, rng)
            elif name == "evolution":
                # Each answer ends with its own detail, as real answers do: identical rows
                # would be quarantined as repeated submissions.
                columns[name] = [f"{ANSWERS[key]} Note {index}." for index, key in
                                 enumerate(column(counts, size, rng), start=1)]
            else:
                columns[name] = column(counts, size, rng)
        with (HERE / "data" / edition / "responses.csv").open("w", encoding="utf-8",
                                                              newline="") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(zip(*columns.values(), strict=True))


if __name__ == "__main__":
    main()
