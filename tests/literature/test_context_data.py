"""The literature, context and lever data: shapes, links, keys and spot checks."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from digital_public_services.coding import segments
from digital_public_services.inputs import loaders
from digital_public_services.levers import evidence as levers
from digital_public_services.levers.evidence import load_lever_links
from digital_public_services.literature import bibliography as literature
from digital_public_services.literature.bibliography import load_references
from digital_public_services.paths import project_root


@pytest.fixture(scope="module")
def refs():
    return load_references()


@pytest.fixture(scope="module")
def links():
    return load_lever_links()


def test_tables_load_with_their_expected_shape():
    assert loaders.load_policy_timeline().shape == (32, 21)
    assert loaders.load_funding().shape == (16, 14)
    assert len(loaders.load_context_indicators()) == 70
    assert loaders.load_claims()["claim_id"].is_unique
    assert loaders.load_funding()["value"].dtype == "float64"
    assert str(loaders.load_policy_timeline()["period_start"].dtype) == "Int64"


def test_the_four_levers_are_codebook_codes():
    lever_table = loaders.load_levers()
    assert sorted(lever_table["lever_code"]) == sorted([
        "levers.predict_needs", "levers.performance_indicators", "levers.align_tools",
        "levers.leadership"])
    assert set(lever_table["lever_code"]) <= set(loaders.load_codebook()["code"])


def test_every_lever_link_points_to_an_existing_target(links, refs):
    codes = set(loaders.load_codebook()["code"])
    items = set(map(tuple, loaders.load_survey_items()[["question_id", "item_id"]]
                    .itertuples(index=False)))
    for row in links.itertuples():
        if row.target_type == "theme":
            assert row.code in codes, row.link_id
        elif row.target_type == "survey_item":
            assert (row.question_id, row.item_id) in items, row.link_id
        else:
            assert row.bib_key in set(refs["key"]), row.link_id
    assert set(links["target_type"]) == {"theme", "survey_item", "reference"}
    for lever in loaders.load_levers()["lever_code"]:
        kinds = set(links.loc[links["lever_code"] == lever, "target_type"])
        assert kinds == {"theme", "survey_item", "reference"}, lever


def test_named_freins_are_linked(links):
    items = set(links["item_id"].dropna())
    assert {"agent_training", "state_coordination", "local"} <= items


def test_every_bibtex_key_cited_by_data_or_prose_exists(refs, links):
    cited = set(loaders.load_sources()["bibtex_key"]) | set(links["bib_key"].dropna())
    for section in ("_context.qmd", "_literature.qmd", "_levers.qmd"):
        text = (project_root() / "report" / "sections" / section).read_text(encoding="utf-8")
        cited |= set(re.findall(r"@([a-z][a-z0-9_]*)", text)) - {"fig", "tbl", "sec"}
    cited = {k for k in cited if not k.startswith(("fig", "tbl"))}
    assert literature.missing_keys(cited, refs) == []


def test_bibliography_holds_the_cited_references_and_the_studies(refs):
    notes = {int(n) for ns in refs["pp7_notes"] for n in ns}
    assert notes == set(range(1, 12))  # notes [1] to [11] of Policy Paper n°7
    keys = set(refs["key"])
    assert {"eppp2022pp7", "harris2022", "beuve2021pp6", "idruide2022",
            "eppp_artimon_project", "blog_transformation_nd", "lebart1994"} <= keys
    assert set(refs["stream"]) <= set(literature.STREAMS)


def _direct_matrix_counts(lever_table, links):
    """Excerpts per lever and study computed straight from the CSV files."""
    excerpts = loaders.load_excerpts().set_index("excerpt_id")["source_id"]
    codes = loaders.load_excerpt_codes()
    counts = {}
    for lever in lever_table["lever_code"]:
        themes = [lever, *links.loc[(links["lever_code"] == lever)
                                    & (links["target_type"] == "theme"), "code"]]
        hit = codes[codes["code"].map(
            lambda c, themes=themes: any(c == t or c.startswith(t + ".") for t in themes))]
        ids = set(hit["excerpt_id"])
        for study in ("pp7", "harris2022"):
            counts[(lever, study)] = sum(excerpts[i] == study for i in ids)
    return counts


def test_matrix_counts_equal_counts_from_the_tables(links, refs):
    lever_table = loaders.load_levers()
    codebook = loaders.load_codebook()
    excerpt_ev = levers.excerpt_evidence(lever_table, links, segments.shipped(), codebook)
    results = pd.read_csv(project_root() / "data" / "survey" / "survey_results.csv")
    results = results.assign(ci_low=0.0, ci_high=100.0, n_eff=results["base"])
    survey_ev = levers.survey_evidence(links, results, loaders.load_survey_items())
    grid = levers.matrix(lever_table, excerpt_ev, survey_ev,
                         levers.reference_evidence(links, refs))
    for (lever, study), n in _direct_matrix_counts(lever_table, links).items():
        assert grid.loc[lever, study] == n, (lever, study)
    item_links = links[links["target_type"] == "survey_item"]
    assert grid["survey"].to_dict() == item_links.groupby("lever_code").size().to_dict()
    ref_links = links[links["target_type"] == "reference"]
    assert grid["literature"].to_dict() == ref_links.groupby("lever_code").size().to_dict()


def _funding(funding_id):
    return loaders.load_funding().set_index("funding_id").loc[funding_id]


@pytest.mark.parametrize(("funding_id", "value", "unit", "period", "source"), [
    ("fiss_2021", 102, "millions d'euros", "2021", "pp7"),
    ("fiss_2021_vs_2020", 3, "fois le montant de 2020", "2021", "pp7"),
    ("fir_2019", 3.7, "milliards d'euros", "2019", "pp7"),
    ("pic_total", 15, "milliards d'euros", "2018/2022", "pp7"),
    ("pic_target_jobseekers", 1, "million de demandeurs d'emploi", "2018/2022", "pp7"),
    ("pic_target_youth", 1, "million de jeunes", "2018/2022", "pp7"),
    ("adele_budget", 1.8, "mds euros", "2004/2007", "pp7"),
    ("pia_digital", 4.5, "mds d'euros", "2008/2018", "pp7"),
    ("ftap", 700, "m euros", "2018/2022", "pp7"),
    ("recovery_plan_digital", 88, "millions d'euros", None, "idruide2022"),
    ("pfthd_initial", 20, "milliards d'euros", "2013/2022", "ccomptes2017_thd"),
    ("pfthd_ccomptes", 34.9, "milliards d'euros", None, "ccomptes2017_thd"),
    ("relance_inclusion", 250, "millions d'euros", "2021/2022", "cnfs2021"),
    ("cnfs_200", 200, "millions d'euros", "2021/2022", "cnfs2021"),
    ("tnct_88", 88, "millions d'euros", "2021", "pref63_tnct2021"),
])
def test_funding_spot_checks(funding_id, value, unit, period, source):
    row = _funding(funding_id)
    assert (row["value"], row["unit"], row["source_id"]) == (value, unit, source)
    assert (None if pd.isna(row["period"]) else row["period"]) == period


def test_timeline_follows_tableau_1():
    timeline = loaders.load_policy_timeline()
    table = timeline[timeline["source_section"].str.startswith("Tableau 1")]
    assert table.groupby("period").size().to_dict() == {
        "2004-2007": 4, "2008-2018": 10, "2019-": 7}
    assert (table["column_basis"] == "inferred").all()  # layout lost: cell order
    adele = timeline.set_index("item_id").loc["adele"]
    assert (adele["detail"], adele["funding_id"]) == ("140 mesures", "adele_budget")
    assert set(table["funding_id"].dropna()) == {"adele_budget", "pia_digital", "ftap"}
    assert "order of the cells" in timeline.set_index("item_id").loc[
        "investissements_avenir", "note"]


def test_entries_from_the_boxes_sit_in_the_column_of_their_year():
    timeline = loaders.load_policy_timeline().set_index("item_id")
    added = timeline[timeline["column_basis"] == "derived"]
    assert sorted(added.index) == ["ars", "ccomptes_fs_eval", "cnfs", "france_services",
                                   "mon_compte_formation", "pfthd", "pic", "snni", "sns",
                                   "tnct_fund"]
    for row in added.itertuples():
        end = row.year_stated if pd.isna(row.period_end) else row.period_end
        assert row.period_start <= row.year_stated <= end, row.Index
        if row.source_id == "pp7":
            assert "Encadré" in row.source_section
    assert (added.loc["ars", "year_stated"], added.loc["pic", "year_stated"]) == (2010, 2018)


def test_policy_facts_of_the_boxes():
    facts = loaders.load_policy_facts().set_index("fact_id")
    assert facts.loc["sns_workstream_count", "number"] == 5
    assert (facts["aspect"] == "lever").sum() == 3
    assert (facts["aspect"] == "objective").sum() == 3
    assert facts.loc["pic_evaluation", "text_fr"].startswith("Un comité scientifique")
    assert facts.loc["public_service_transition_2022", "source_id"] == "idruide2022"


def test_context_indicator_spot_checks():
    ind = loaders.load_context_indicators().set_index("indicator_id")
    assert ind.loc["egdi_fr_2022", "value"] == 0.8832
    assert ind.loc["egdi_rank_fr_2022", "value"] == 19
    assert (ind.loc["dgi_rank_fr_2019", "value"], ind.loc["dgi_rank_fr_2019", "rank_out_of"]) \
        == (11, 33)
    assert ind.loc["desi_citizens_eu_2022", "value"] == 74.63
    assert ind.loc["france_services_sites_2023", "value"] == 2840
    assert not ind.index.str.contains("2024").any()  # the unverified EGDI 2024 is left out
    blog = ind[ind["source_id"] == "blog_nd"]
    assert blog["value"].tolist() == [99, 46]
    assert blog["caveat"].str.contains("faible autorité").all()
    insee = ind[ind["family"] == "illectronisme"]
    assert insee["comparability"].nunique() == 2  # 2019 and 2021 not comparable
    assert insee["caveat"].str.contains("pas strictement comparables").all()


def test_entries_added_from_official_sources_point_to_a_web_page():
    timeline = loaders.load_policy_timeline()
    sources = loaders.load_sources().set_index("source_id")
    added = timeline[timeline["source_id"] != "pp7"]
    assert set(added["item_id"]) == {"pfthd", "snni", "cnfs", "tnct_fund", "france_services",
                                     "mon_compte_formation", "segur_numerique",
                                     "ccomptes_fs_eval"}
    for source in added["source_id"]:
        assert sources.loc[source, "url"].startswith("http"), source
        assert pd.notna(sources.loc[source, "verified_on"]), source


def test_official_names_are_sourced_and_differ_from_the_printed_ones():
    timeline = loaders.load_policy_timeline().set_index("item_id")
    named = timeline[timeline["official_name"].notna()]
    assert set(named.index) == {"dgme", "sgmap", "ditp", "france_connect", "datagouv",
                                "anct_mission"}
    assert named["official_source_id"].notna().all()
    assert (named["official_name"] != named["name"]).all()
    assert named.loc["ditp", "official_name"].startswith(
        "Direction interministérielle de la transformation publique")
    assert named.loc["sgmap", "official_name"].startswith("Secrétariat général pour")
    assert named.loc["dgme", "official_name"].startswith(
        "Direction générale de la modernisation")
    assert (named.loc["france_connect", "official_name"],
            named.loc["datagouv", "official_name"]) == ("FranceConnect", "data.gouv.fr")


def test_entries_of_tableau_1_are_dated_by_an_official_text():
    """Tableau 1 prints Action publique 2022 and the DITP (2017) under « 2019- » and the
    DGME (end of 2005) under « 2008-2018 »: the years come from official texts, each
    with its source, so the figure can draw them at their year."""
    timeline = loaders.load_policy_timeline().set_index("item_id")
    sources = set(loaders.load_sources()["source_id"])
    assert timeline.loc["action_publique_2022", "year_stated"] == 2017
    assert timeline.loc["ditp", "year_stated"] == 2017
    assert timeline.loc["dgme", "year_stated"] == 2005
    dated = timeline[timeline["year_source_id"].notna()]
    assert set(dated["year_source_id"]) <= sources
    assert dated["year_source_section"].notna().all()
    assert (timeline.loc[timeline["year_stated"].notna(), "year_basis"].notna()).all()
    assert timeline["year_stated"].max() > 2022  # the chronology goes past the policy paper


def test_each_period_has_one_theme():
    timeline = loaders.load_policy_timeline()
    assert (timeline.groupby("period")["period_theme_fr"].nunique() == 1).all()
