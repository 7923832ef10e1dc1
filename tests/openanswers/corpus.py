"""The privacy gate's corpus: personal data written as people write it, and innocent
sentences written as social workers write them (numbers, dates, percentages, articles of
law), to measure the gate's recall and its false alarms.

``python -m tests.openanswers.corpus`` (from the repository, with the project installed)
prints both, by kind; ``docs/privacy.md`` reports them, and ``test_privacy_corpus.py``
keeps them there.

The personal variants are made by writing a few invented values in every way the issue
and real free text show: separators, grouping, case, spelled at signs and dots, fullwidth
and other look-alike characters, zero-width and bidirectional controls inside, in French
and English sentences. The innocent sentences are ``innocent-fr.txt`` and
``innocent-en.txt`` beside this file, one per line: sentences of the 2020 barometer's text
and sentences written for this corpus in the style of social workers' answers.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
ZWSP, RLO, PDF_MARK, SHY = "\u200b", "\u202e", "\u202c", "\u00ad"


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


def _phones() -> list[tuple[str, str]]:
    written = []
    for digits in ("0612345678", "0145678910", "0756893412", "0298765432", "0912345678"):
        pairs = [digits[index:index + 2] for index in range(0, 10, 2)]
        national = digits[1:]
        forms = [" ".join(pairs), ".".join(pairs), "-".join(pairs), "/".join(pairs),
                 digits, "_".join(pairs), f"{digits[:2]} {digits[2:6]} {digits[6:]}",
                 f"{digits[:4]} {digits[4:7]} {digits[7:]}", "  ".join(pairs),
                 f"+33 {national[0]} {' '.join(national[i:i + 2] for i in range(1, 9, 2))}",
                 f"+33{national}", f"+33 (0){national[0]} {national[1:]}",
                 f"0033 {national[0]} {national[1:]}", f"(+33) {national}",
                 f"+33.{national[0]}.{'.'.join(national[i:i + 2] for i in range(1, 9, 2))}",
                 _fullwidth(" ".join(pairs)), ZWSP.join(pairs), " ".join(pairs).replace(
                     " ", "\u00a0"), f"{pairs[0]} {pairs[1]}{SHY} {' '.join(pairs[2:])}"]
        contexts = ("Appelez-moi au {}, merci.", "mon portable : {}", "Call me on {} please.")
        written += [(contexts[index % 3].format(form), "phone")
                    for index, form in enumerate(forms)]
    english = ["+44 20 7946 0958", "020 7946 0958", "(020) 7946 0958", "+1 212 736 5000",
               "+1 (212) 736-5000", "212-736-5000", "(212) 736-5000", "212.736.5000",
               "+32 2 555 12 12", "+41 44 668 18 00", "+49 30 901820", "+44 (0)20 7946 0958"]
    written += [(f"You can reach me at {number} any evening.", "phone") for number in english]
    return written


def _emails() -> list[tuple[str, str]]:
    forms = [
        "jean.dupont@exemple.fr", "JEAN.DUPONT@EXEMPLE.FR", "Jean.Dupont@Exemple.Fr",
        "jean.dupont @ exemple.fr", "jean.dupont@exemple . fr", "jean . dupont @ exemple . fr",
        "jean.dupont(at)exemple.fr", "jean.dupont [at] exemple.fr", "jean.dupont{at}exemple.fr",
        "jean.dupont (AT) exemple (DOT) fr", "jean.dupont(a)exemple.fr",
        "jean.dupont [arobase] exemple [point] fr", "jean.dupont arobase exemple point fr",
        "jean.dupont (arobase) exemple (point) fr", "jean.dupont at exemple dot fr",
        "jean.dupont<at>exemple<dot>fr", "jean.dupont(@)exemple.fr",
        "jean.dupont[@]exemple[.]fr", "jean.dupont＠exemple.fr",
        _fullwidth("jean.dupont@exemple.fr"),
        f"jean.dupont@{ZWSP}exemple.fr", f"jean{ZWSP}.dupont@exemple{ZWSP}.fr",
        f"jean.dupont@exemple.{SHY}fr", "jean.dupont@еxemple.fr",  # a Cyrillic е
        "jean.dupont﹫exemple.fr", "jean_dupont-93@asso-entraide.org",
        "m.martin+ase@departement93.fr", "contact at asso-entraide.fr", "jean.dupont@exemple。fr",
        f"{RLO}rf.elpmexe@tnopud.naej{PDF_MARK}".replace("rf.elpmexe@tnopud.naej",
                                                        "jean.dupont@exemple.fr"),
    ]
    contexts = ("Écrivez-moi à {} pour la suite.", "mail perso : {}", "Email me at {} please.")
    return [(contexts[index % 3].format(form), "email") for index, form in enumerate(forms)]


def _ibans() -> list[tuple[str, str]]:
    written = []
    for compact in ("FR7630006000011234567890189", "DE89370400440532013000",
                    "GB29NWBK60161331926819", "BE71096123456769", "ES9121000418450200051332",
                    "CH9300762011623852957"):
        groups = [compact[index:index + 4] for index in range(0, len(compact), 4)]
        forms = [" ".join(groups), compact, compact.lower(), " ".join(groups).lower(),
                 "-".join(groups), "-".join(groups).lower(), ".".join(groups),
                 _fullwidth(" ".join(groups)), ZWSP.join(groups),
                 " ".join(groups).title()]
        contexts = ("Virement sur {} svp", "mon RIB : IBAN {}", "Pay into {} thanks")
        written += [(contexts[index % 3].format(form), "iban")
                    for index, form in enumerate(forms)]
    return written


def _nirs() -> list[tuple[str, str]]:
    written = []
    for number in ("185057800608491", "292017512345604", "168039900100272", "275111304567836",
                   "290032A00412320", "185112B01704561"):
        parts = [number[0], number[1:3], number[3:5], number[5:7], number[7:10],
                 number[10:13], number[13:]]
        forms = [" ".join(parts), number, ".".join(parts), "-".join(parts),
                 " ".join(parts[:-1]) + " - " + parts[-1], " ".join(parts).lower(),
                 _fullwidth(" ".join(parts)), ZWSP.join(parts)]
        contexts = ("Son numéro de sécu {} traîne partout.", "NIR : {}",
                    "Social security number {}")
        written += [(contexts[index % 3].format(form), "nir")
                    for index, form in enumerate(forms)]
    return written


def _addresses() -> list[tuple[str, str]]:
    french = ["12 rue des Lilas", "12, rue des Lilas", "12 RUE DES LILAS", "12bis rue des Lilas",
              "3 ter avenue Jean Jaurès", "4 place de la Mairie", "27 boulevard Voltaire",
              "8 impasse du Moulin", "15 allée des Tilleuls", "2 chemin de la Croix",
              "5 quai de la Loire", "101 route de Lyon", "9 bd Gambetta", "6 av. Foch",
              "14 square Lamartine", "3 résidence Les Érables", "7 cité Bergère",
              "12 rue des Lilas 75011 Paris", "75011 Paris", "13001 Marseille",
              "69003 LYON", "93200 Saint-Denis", "33000 Bordeaux CEDEX",
              f"12 rue des{ZWSP} Lilas", _fullwidth("12") + " rue des Lilas"]
    english = ["221B Baker Street", "10 Downing St", "42 Wallaby Way", "1600 Pennsylvania Avenue",
               "12 Station Road", "7 Church Lane", "3 Victoria Close", "55 Park Drive",
               "18 Queen's Gardens", "SW1A 1AA", "M1 1AE", "EC1A 1BB"]
    written = [(f"Elle habite au {address} depuis 2019.", "address") for address in french]
    written += [(f"She lives at {address} since 2019.", "address") for address in english]
    return written


def _civilities() -> list[tuple[str, str]]:
    forms = ["M. Dupont", "Mme Martin", "Mme B.", "madame Martin", "Monsieur Lefèvre",
             "Dr Lefèvre", "Mlle Petit", "Maître Durand", "Mr Smith", "Mrs Jones", "Ms Taylor",
             "Miss Brown", "Dr. Watson", "MME MARTIN"]
    return [(f"J'ai reçu {form} hier.", "civility") for form in forms]


HARD = [
    ("zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit", "phone"),
    ("mon numéro : O6 12 34 56 78 (avec un o)", "phone"),
    ("le 06 12 34 puis 56 78 le soir", "phone"),
    ("jean point dupont chez exemple point fr", "email"),
    ("IBAN : FR76 3000 6000, la suite 0112 3456 7890 189", "iban"),
    ("NIR 1 85 05 78 006 084 (clé 91)", "nir"),
]
"""Variants written to be hard: numbers spelled out or split by words, a letter for a
digit. The gate misses them (they are counted: the recall reported is the honest one)."""


def personal() -> list[tuple[str, str]]:
    """(sentence, kind) of every written variant."""
    return _phones() + _emails() + _ibans() + _nirs() + _addresses() + _civilities() + HARD


def innocent() -> list[str]:
    """Every innocent sentence, French then English."""
    sentences = []
    for name in ("innocent-fr.txt", "innocent-en.txt"):
        for line in (HERE / "corpus" / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                sentences.append(line.strip())
    return sentences


def measure() -> dict:
    """Recall by kind (a variant counts when the gate finds any personal data in it) and
    the innocent sentences the gate raises an alarm on."""
    from barorapport.openanswers.privacy import scan

    by_kind: dict[str, list[int]] = {}
    missed = []
    for text, kind in personal():
        found = bool(scan(text, names=False))
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += found
        by_kind[kind][1] += 1
        if not found:
            missed.append(text)
    alarms = [(text, scan(text, names=False)) for text in innocent()]
    alarms = [(text, kinds) for text, kinds in alarms if kinds]
    found = sum(hits for hits, _ in by_kind.values())
    total = sum(count for _, count in by_kind.values())
    return {"by_kind": by_kind, "found": found, "variants": total, "missed": missed,
            "innocent": len(innocent()), "alarms": alarms}


if __name__ == "__main__":
    result = measure()
    for kind, (hits, count) in result["by_kind"].items():
        print(f"{kind:10} {hits:4} / {count:4} found ({hits / count:.1%})")
    print(f"recall     {result['found']:4} / {result['variants']:4} "
          f"({result['found'] / result['variants']:.1%})")
    print(f"false alarms {len(result['alarms'])} / {result['innocent']} innocent sentences "
          f"({len(result['alarms']) / result['innocent']:.1%})")
    for text in result["missed"]:
        print(f"missed: {text!r}")
    for text, kinds in result["alarms"]:
        print(f"alarm: {text!r}: {', '.join(kinds)}")
