"""French typography: the rules on text, and HTML where only text nodes change."""

from __future__ import annotations

import datetime as dt

import pytest

from barorapport.formatting import fmt_date
from barorapport.render.typography import NBSP, NNBSP, typeset, typeset_html


@pytest.mark.parametrize(("text", "expected"), [
    ("Espoirs et craintes pour l'avenir", "Espoirs et craintes pour l’avenir"),
    ("« bonjour »", f"«{NNBSP}bonjour{NNBSP}»"),
    ("«visio»", f"«{NNBSP}visio{NNBSP}»"),
    ('le "reporting" au travail', f"le «{NNBSP}reporting{NNBSP}» au travail"),
    ("oui : non ; peut-être ! vraiment ?",
     f"oui{NBSP}: non{NNBSP}; peut-être{NNBSP}! vraiment{NNBSP}?"),
    ("Pourquoi? Parce que!", f"Pourquoi{NNBSP}? Parce que{NNBSP}!"),
    ("Et alors?!", f"Et alors{NNBSP}?!"),
    ("24,9 %", f"24,9{NBSP}%"),
    ("24,9%", f"24,9{NBSP}%"),
    ("le 1 septembre 2020", "le 1er septembre 2020"),
    # Left alone: times, URLs, query strings, URL-encoded bytes, other numbers.
    ("à 12:30, https://example.org/?a=1", "à 12:30, https://example.org/?a=1"),
    ("a%20b", "a%20b"),
    ("le 1 mars", "le 1er mars"),
    ("11 septembre", "11 septembre"),
])
def test_rules(text, expected):
    assert typeset(text) == expected


def test_typesetting_twice_changes_nothing():
    once = typeset("« l'avis » : 24 % ; oui ? le 1 juin")
    assert typeset(once) == once


def test_a_quotation_keeps_its_words_and_nests_its_marks():
    quoted = 'le 1 septembre, on disait "visio" : c\'est tout'
    done = typeset(quoted, quotation=True)
    assert done == f'le 1 septembre, on disait “visio”{NBSP}: c’est tout'
    assert done.replace("’", "'").replace(NBSP, " ").replace("“", '"').replace("”", '"') \
        == quoted
    # Inside a quotation (whose « » come from its container), every mark is an inner one.
    assert typeset("des réunions trop 'descendantes' et «reporting»", quotation=True) == \
        "des réunions trop “descendantes” et “reporting”"


def test_html_changes_text_nodes_and_readable_attributes_only():
    page = ('<p class="a\'b">L&#39;avis <strong>Base</strong> : «<em>x</em>» '
            '<a href="l\'x.html?a=1&amp;b=2" title="l\'aide">l\'y</a></p>'
            '<img src="c.svg" alt="Pas d&#39;accord : 3 %">'
            '<meta name="description" content="L&#39;enquête">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<pre>a : b</pre><code>l\'x</code><script>var a = "b" ; c</script>'
            '<blockquote><p>Le 1 septembre "x" : ok</p></blockquote>')
    assert typeset_html(page) == (
        f'<p class="a\'b">L’avis <strong>Base</strong>{NBSP}: «{NNBSP}<em>x</em>{NNBSP}» '
        '<a href="l\'x.html?a=1&amp;b=2" title="l’aide">l’y</a></p>'
        f'<img src="c.svg" alt="Pas d’accord{NBSP}: 3{NBSP}%">'
        '<meta name="description" content="L’enquête">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<pre>a : b</pre><code>l\'x</code><script>var a = "b" ; c</script>'
        f'<blockquote><p>Le 1 septembre “x”{NBSP}: ok</p></blockquote>')


def test_html_entities_are_kept_escaped():
    assert typeset_html("<p>a &lt;b&gt; &amp; l'c</p>") == "<p>a &lt;b&gt; &amp; l’c</p>"


def test_first_of_the_month_is_an_ordinal():
    assert fmt_date(dt.date(2020, 9, 1)) == "1er septembre 2020"
    assert fmt_date(dt.date(2020, 9, 11)) == "11 septembre 2020"


def test_guillemets_inside_guillemets_become_english_double_quotes():
    page = ('<p>Il conclut : « le droit à l\'oubli n\'existe pas avec « l\'ordinateur » », '
            'puis « oui ».</p><p>« <q class="quotation">avec « l\'ordinateur »</q> »</p>'
            "<p>« ouvert</p><p>« fermé »</p>")
    done = typeset_html(page)
    assert done == (
        f"<p>Il conclut{NBSP}: «{NNBSP}le droit à l’oubli n’existe pas avec “l’ordinateur”"
        f"{NNBSP}», puis «{NNBSP}oui{NNBSP}».</p>"
        f'<p>«{NNBSP}<q class="quotation">avec “l’ordinateur”</q>{NNBSP}»</p>'
        f"<p>«{NNBSP}ouvert</p><p>«{NNBSP}fermé{NNBSP}»</p>")
    assert typeset_html(done) == done


def test_ordinals_are_superscript_in_html_but_not_in_a_title_or_plain_text():
    page = ("<title>Le 1er mai</title><p>Le 2e enseignement, le 1 mars, la 2nde fois, "
            "les 1ers jours, le XXe siècle, A4e, 1e10, 3.5e</p>"
            "<blockquote><p>Pendant le 1er confinement</p></blockquote>")
    done = typeset_html(page)
    assert done == (
        "<title>Le 1er mai</title><p>Le 2<sup>e</sup> enseignement, le 1<sup>er</sup> mars, "
        "la 2<sup>nde</sup> fois, les 1<sup>ers</sup> jours, le XXe siècle, A4e, 1e10, 3.5e"
        "</p><blockquote><p>Pendant le 1<sup>er</sup> confinement</p></blockquote>")
    assert typeset_html(done) == done
    assert typeset("le 2e enseignement") == "le 2e enseignement"
