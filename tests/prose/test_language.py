"""The English detector of `dps check`: what it flags and what French it leaves alone."""

from __future__ import annotations

import pytest

from digital_public_services.prose.language import english_words


@pytest.mark.parametrize("text", [
    "Money added to the fund in 2021",
    "Endowment of the skills investment plan",
    "Target number of young people far from the labour market to train",
    "Share of respondents who support each proposal",
])
def test_english_phrases_are_flagged(text):
    assert english_words(text)


@pytest.mark.parametrize("header", ["level", "question_id", "waves_present", "Wave",
                                    "share of public"])
def test_english_or_code_table_headers_are_flagged(header):
    assert english_words(header, header=True)


@pytest.mark.parametrize("text", [
    "Somme ajoutée au fonds en 2021",
    "On compte un plan, or il en a deux ; as de pique, but du jeu, son an un",
    "Le policy paper et l'Open data : leadership et design des services",
    "Titre cité tel quel : « State of the Art and Future of the Web »",
    "Indice de l'OCDE (Digital Government Index), rang de la France",
    "Les fichiers `survey_results.csv` et `question_id` sont lus tels quels",
    "Population", "Thème", "Source", "Item", "Total", "Période", "Valeur",
])
def test_french_text_is_not_flagged(text):
    assert english_words(text) == []
    assert english_words(text, header=True) == []


def test_one_function_word_is_not_enough_in_a_sentence_but_is_in_a_header():
    assert english_words("Enquête State of Digital Government 2022") == []
    assert english_words("part of", header=True) == ["of"]


def test_markers_are_returned_for_the_message():
    assert english_words("Money added to the fund") == ["to", "the"]
    assert english_words("waves_missing", header=True) == ["waves_missing"]


def test_a_file_name_is_not_a_code_identifier():
    assert english_words("survey_results.csv", header=True) == []
    assert english_words("waves_present", header=True) == ["waves_present"]
