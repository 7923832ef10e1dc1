"""When the privacy gate loads spaCy's model: only for a text that could hold a name of two
capitalised words, and never again for a text already scanned, even after ``build/`` is
deleted (the user's cache)."""

from __future__ import annotations

import pytest

from barorapport.engine.buildcache import ContentCache
from barorapport.openanswers import privacy
from barorapport.openanswers.privacy import PERSON, Excerpt, check_privacy, could_hold_name


@pytest.mark.parametrize("text", [
    "J'ai parlé avec Marie Dupont hier.",
    "Marie Dupont m'a aidé.",
    "Le dossier de Jean-Pierre est réglé.",
    "Merci à Charles d'Artagnan.",
    "Un suivi par Élodie (Martin) et son équipe.",
])
def test_two_capitalised_words_in_a_row_could_be_a_name(text):
    assert could_hold_name(text)


@pytest.mark.parametrize("text", [
    "Les démarches en ligne ont remplacé les rendez-vous.",
    "Beaucoup de mails. Surtout le soir, après la CAF.",
    "Le télétravail a tout changé. Nous avons appris.",
    "Ma collègue m'a aidée avec l'application.",
])
def test_one_capitalised_word_at_a_time_could_not(text):
    assert not could_hold_name(text)


def test_the_model_is_not_loaded_for_texts_without_a_possible_name(monkeypatch):
    def no_model():
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(privacy, "_person_model", no_model)
    check_privacy([Excerpt("testimonies.yaml:1:7: testimony 'a'",
                           "Les démarches en ligne. Surtout avec la CAF.")])


def test_a_name_is_still_found_by_the_model():
    assert PERSON in privacy.scan("J'en ai parlé à Marie Dupont, ma collègue.")


def test_scans_outlive_the_build_folder_in_the_users_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    excerpt = Excerpt("testimonies.yaml:1:7: testimony 'a'", "Marie Dupont m'a aidé.")
    with pytest.raises(privacy.PrivacyError):
        check_privacy([excerpt], cache=ContentCache(tmp_path / "build-1"))

    def no_scan(*arguments, **keywords):
        raise AssertionError("scanned again")

    monkeypatch.setattr(privacy, "scan", no_scan)
    build_cache = ContentCache(tmp_path / "build-2")  # build/ deleted: a new, empty cache
    with pytest.raises(privacy.PrivacyError, match="a person's name"):
        check_privacy([excerpt], cache=build_cache)
    assert build_cache.hits == 0 and list((tmp_path / "user/barorapport/privacy").iterdir())
    assert "Marie" not in "".join(path.read_text(encoding="utf-8") for path in
                                  (tmp_path / "user/barorapport/privacy").iterdir())


def test_the_models_scans_are_made_aside_and_the_gate_reads_them(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    excerpts = [Excerpt("testimonies.yaml:1:7: testimony 'a'", "J'en ai parlé à Marie Dupont."),
                Excerpt("testimonies.yaml:5:7: testimony 'b'", "Le télétravail a tout changé.")]
    cache = ContentCache(tmp_path / "privacy")
    aside = privacy.ScansAside(excerpts, cache=cache)
    assert aside.child is not None  # one text could hold a name: a child scans it
    aside.join()
    assert aside.child.process.returncode == 0
    assert len(list((tmp_path / "privacy").iterdir())) == 1  # its result, in the cache

    def no_model():
        raise AssertionError("the gate loaded the model the child had used")

    monkeypatch.setattr(privacy, "_person_model", no_model)
    with pytest.raises(privacy.PrivacyError) as caught:
        check_privacy(excerpts, cache=cache)
    assert str(caught.value) == ("testimonies.yaml:1:7: testimony 'a': holds a person's name "
                                 "(named-entity model); publish a 'redacted:' text instead")
    # Everything scanned already: no child the next time.
    assert privacy.ScansAside(excerpts, cache=cache).child is None


def test_a_child_stopped_before_the_gate_changes_nothing_of_its_verdict(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    excerpts = [Excerpt("testimonies.yaml:1:7: testimony 'a'", "J'en ai parlé à Marie Dupont.")]
    cache = ContentCache(tmp_path / "privacy")
    aside = privacy.ScansAside(excerpts, cache=cache)
    aside.stop()  # a build that failed before its gate
    assert aside.child.process.returncode is not None
    with pytest.raises(privacy.PrivacyError) as caught:
        check_privacy(excerpts, cache=cache)  # scanned here, then
    assert "holds a person's name" in str(caught.value)
