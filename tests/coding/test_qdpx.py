"""REFI-QDA and CSV import: a valid project read correctly, each attack refused clearly.

Every project here is built by the test itself (synthetic content, written for the tests).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from digital_public_services.cli import main
from digital_public_services.coding import segments
from digital_public_services.coding.qdpx import Limits, import_coding, unsafe_member_reason
from digital_public_services.errors import DataError
from digital_public_services.inputs.loaders import load_codebook

NS = "urn:QDA-XML:project:1.0"
TEXT_A = "Synthetic interview A. Il faut un leader. Les outils sont trop lents."
TEXT_B = "Synthetic interview B: le référent monte en compétence."


def project_xml(sources: str, codes: str | None = None, prolog: str = "") -> str:
    codes = codes if codes is not None else """
      <Code guid="c-lim" name="Limites" isCodable="true">
        <Code guid="c-org" name="Organisationnelles" isCodable="true">
          <Code guid="c-chg" name="conduite du CHANGEMENT" isCodable="true"/>
        </Code>
      </Code>
      <Code guid="c-lead" name="levers.leadership" isCodable="true"/>
      <Code guid="c-other" name="Autre chose" isCodable="true"/>"""
    return f"""<?xml version="1.0" encoding="utf-8"?>{prolog}
<Project xmlns="{NS}" name="Synthetic project" origin="test">
  <CodeBook><Codes>{codes}</Codes></CodeBook>
  <Variables>
    <Variable guid="v-sector" name="Secteur" typeOfVariable="Text"/>
    <Variable guid="v-actor" name="Type d'acteur" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="case-1" name="Personne 1">
      <VariableValue><VariableRef targetGUID="v-actor"/><TextValue>opérationnel</TextValue>
      </VariableValue>
      <SourceRef targetGUID="s-a"/>
    </Case>
  </Cases>
  <Sources>{sources}</Sources>
</Project>"""


def selection(guid: str, start: int, end: int, *code_guids: str) -> str:
    codings = "".join(f'<Coding guid="{guid}-{c}"><CodeRef targetGUID="{c}"/></Coding>'
                      for c in code_guids)
    return (f'<PlainTextSelection guid="{guid}" startPosition="{start}" '
            f'endPosition="{end}">{codings}</PlainTextSelection>')


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


VALID_SOURCES = f"""
    <TextSource guid="s-a" name="Entretien A" plainTextPath="internal://s-a.txt">
      <VariableValue><VariableRef targetGUID="v-sector"/><TextValue>santé</TextValue>
      </VariableValue>
      {selection("sel-1", *span(TEXT_A, "Il faut un leader."), "c-lead", "c-chg")}
      {selection("sel-2", *span(TEXT_A, "Les outils sont trop lents."), "c-other")}
    </TextSource>
    <TextSource guid="s-b" name="Entretien B">
      <PlainTextContent>{TEXT_B}</PlainTextContent>
      {selection("sel-3", *span(TEXT_B, "le référent monte en compétence"), "c-chg")}
    </TextSource>"""


def write_qdpx(path: Path, xml: str, members: dict[str, bytes] | None = None,
               compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        zf.writestr("project.qde", xml.encode("utf-8"))
        for name, data in (members or {}).items():
            zf.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def codebook() -> pd.DataFrame:
    return load_codebook()


@pytest.fixture
def valid_project(tmp_path) -> Path:
    return write_qdpx(tmp_path / "valid.qdpx", project_xml(VALID_SOURCES),
                      {"sources/s-a.txt": TEXT_A.encode("utf-8")})


def test_valid_project_gives_the_tidy_table(valid_project, codebook):
    table, summary = import_coding(valid_project, codebook)
    assert list(table.columns) == segments.COLUMNS
    assert len(table) == 4  # sel-1 has two codes
    assert summary["excerpts"] == 3 and summary["documents"] == 2 and summary["codes"] == 5
    rows = table.set_index(["excerpt_id", "qda_code"])
    chg = "Limites/Organisationnelles/conduite du CHANGEMENT"
    # mapped by French label (case-insensitive) and by code; text sliced from the source
    assert rows.loc[("sel-1", chg), "code"] == "limits.organisational.change_management"
    assert rows.loc[("sel-1", "levers.leadership"), "code"] == "levers.leadership"
    assert rows.loc[("sel-1", chg), "text"] == "Il faut un leader."
    assert rows.loc[("sel-3", chg), "text"] == "le référent monte en compétence"
    # attributes: sector from the source, actor type from the case; defaults otherwise
    assert rows.loc[("sel-1", chg), "sector"] == "santé"
    assert rows.loc[("sel-1", chg), "actor_type"] == "opérationnel"
    assert rows.loc[("sel-3", chg), "sector"] == segments.NOT_STATED
    assert summary["unmapped_codes"] == ["Autre chose"]
    assert rows.loc[("sel-2", "Autre chose"), "code"] == ""
    assert set(table["source_id"]) == {"synthetic_project"}


def test_mapping_file_maps_what_names_do_not(valid_project, codebook, tmp_path):
    mapping = tmp_path / "mapping.csv"
    mapping.write_text("qda_code;code\nAutre chose;levers.align_tools\n", encoding="utf-8")
    table, summary = import_coding(valid_project, codebook, mapping=mapping, study="full42")
    assert summary["unmapped_codes"] == []
    assert table.loc[table["excerpt_id"] == "sel-2", "code"].item() == "levers.align_tools"
    assert set(table["source_id"]) == {"full42"}


def test_mapping_to_an_unknown_code_names_file_line_and_field(valid_project, codebook,
                                                             tmp_path):
    mapping = tmp_path / "mapping.csv"
    mapping.write_text("qda_code,code\nAutre chose,levers.align_tools\nX,levers.magic\n",
                       encoding="utf-8")
    with pytest.raises(DataError) as err:
        import_coding(valid_project, codebook, mapping=mapping)
    problem = err.value.first
    assert (problem.line, problem.field, problem.value) == (3, "code", "levers.magic")
    assert "mapping.csv" in str(problem)


def test_cli_writes_a_table_the_notebook_can_read(valid_project, tmp_path, capsys):
    out = tmp_path / "out" / "segments.csv"
    assert main(["import-qdpx", str(valid_project), "-o", str(out)]) == 0
    back = segments.read(out)
    assert len(back) == 4 and set(back["excerpt_id"]) == {"sel-1", "sel-2", "sel-3"}
    assert "1 code(s) map to no codebook code" in capsys.readouterr().out
    assert main(["import-qdpx", str(valid_project), "-o", str(out), "--strict"]) == 1


def test_failed_import_leaves_the_previous_output_intact(tmp_path):
    out = tmp_path / "segments.csv"
    out.write_text("previous content\n", encoding="utf-8")
    bad = write_qdpx(tmp_path / "bad.qdpx", "<Project")
    assert main(["import-qdpx", str(bad), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "previous content\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --------------------------------------------------------------------------- attacks


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "sources/../../x.txt",
                                  "sources\\..\\x.txt", "C:/windows/x.txt"])
def test_member_names_that_escape_are_refused(tmp_path, codebook, name):
    path = write_qdpx(tmp_path / "trav.qdpx", project_xml(VALID_SOURCES),
                      {"sources/s-a.txt": TEXT_A.encode(), name: b"x"})
    with pytest.raises(DataError) as err:
        import_coding(path, codebook)
    message = str(err.value)
    assert "refused" in message and name in message and "trav.qdpx" in message


def test_source_path_that_escapes_is_refused(tmp_path, codebook):
    sources = VALID_SOURCES.replace("internal://s-a.txt", "internal://../../etc/passwd")
    path = write_qdpx(tmp_path / "p.qdpx", project_xml(sources))
    with pytest.raises(DataError, match="path traversal"):
        import_coding(path, codebook)


def test_unsafe_member_reason_accepts_plain_relative_paths():
    assert unsafe_member_reason("sources/abc.txt") is None
    assert unsafe_member_reason("sources/../abc.txt") is not None


def test_zip_bomb_ratio_is_refused(tmp_path, codebook):
    path = write_qdpx(tmp_path / "bomb.qdpx", project_xml(VALID_SOURCES),
                      {"sources/s-a.txt": TEXT_A.encode(), "sources/zeros.txt": bytes(8 * 2**20)})
    with pytest.raises(DataError) as err:
        import_coding(path, codebook)
    assert "compression ratio" in str(err.value) and "sources/zeros.txt" in str(err.value)


def test_member_and_total_size_limits(valid_project, codebook):
    with pytest.raises(DataError, match="member too large"):
        import_coding(valid_project, codebook, limits=Limits(max_member_bytes=100))
    with pytest.raises(DataError, match="archive too large"):
        import_coding(valid_project, codebook, limits=Limits(max_total_bytes=100))
    with pytest.raises(DataError, match="too many members"):
        import_coding(valid_project, codebook, limits=Limits(max_members=1))


def test_member_larger_than_its_header_says_is_refused(tmp_path, codebook):
    """A forged header (small declared size) must not let the real content through."""
    path = write_qdpx(tmp_path / "lie.qdpx", project_xml(VALID_SOURCES),
                      {"sources/s-a.txt": TEXT_A.encode()}, compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    # Patch the uncompressed size of project.qde in the central directory to 10 bytes.
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(b"PK\x01\x02"))
    assert data[central + 46: central + 57] == b"project.qde"
    data[central + 24: central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(DataError, match="corrupt member"):
        import_coding(path, codebook)


BILLION_LAUGHS = """
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>"""
EXTERNAL = """
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"""


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, EXTERNAL], ids=["expansion", "external"])
def test_xml_entities_are_refused(tmp_path, codebook, prolog):
    xml = project_xml(VALID_SOURCES.replace("Entretien B", "&lol3;" if "lol" in prolog
                                            else "&xxe;"), prolog=prolog)
    path = write_qdpx(tmp_path / "xml.qdpx", xml, {"sources/s-a.txt": TEXT_A.encode()})
    with pytest.raises(DataError) as err:
        import_coding(path, codebook)
    assert "refused: XML document type declaration" in str(err.value)
    assert "xml.qdpx!project.qde" in str(err.value)


def test_malformed_xml_names_the_line(tmp_path, codebook):
    path = write_qdpx(tmp_path / "m.qdpx", '<?xml version="1.0"?>\n<Project>\n<Oops></Project>')
    with pytest.raises(DataError) as err:
        import_coding(path, codebook)
    assert err.value.first.line == 3 and "malformed XML" in str(err.value)


def test_not_a_zip_is_refused(tmp_path, codebook):
    path = tmp_path / "plain.qdpx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(DataError, match="not a zip archive"):
        import_coding(path, codebook)


def test_selection_outside_its_text_is_refused(tmp_path, codebook):
    sources = f"""<TextSource guid="s-b" name="B"><PlainTextContent>{TEXT_B}</PlainTextContent>
      {selection("sel-x", 5, 5000, "c-chg")}</TextSource>"""
    path = write_qdpx(tmp_path / "o.qdpx", project_xml(sources))
    with pytest.raises(DataError) as err:
        import_coding(path, codebook)
    problem = err.value.first
    assert problem.field == "endPosition" and problem.value == 5000 and "sel-x" in str(problem)


def test_coding_of_an_unknown_code_is_refused(tmp_path, codebook):
    sources = f"""<TextSource guid="s-b" name="B"><PlainTextContent>{TEXT_B}</PlainTextContent>
      {selection("sel-x", 0, 5, "no-such-code")}</TextSource>"""
    path = write_qdpx(tmp_path / "u.qdpx", project_xml(sources))
    with pytest.raises(DataError, match="unknown code"):
        import_coding(path, codebook)


# --------------------------------------------------------------------------- CSV export


def test_csv_export_french_style(tmp_path, codebook):
    """Semicolons, BOM, MAXQDA-like headers, a code path with backslashes, one segment coded
    twice: the two rows share one excerpt id."""
    path = tmp_path / "export_synthetic.csv"
    path.write_text(
        "Nom du document;Code;Segment;Début;Fin;Secteur\n"
        "Entretien 1;Limites\\Conduite du changement;il faut un référent;10;30;santé\n"
        "Entretien 1;levers.leadership;il faut un référent;10;30;santé\n"
        "Entretien 2;Autre;texte libre;1;5;\n",
        encoding="utf-8-sig")
    table, summary = import_coding(path, codebook)
    assert len(table) == 3 and summary["excerpts"] == 2
    first = table[table["document"] == "Entretien 1"]
    assert first["excerpt_id"].nunique() == 1
    assert set(first["code"]) == {"limits.organisational.change_management",
                                  "levers.leadership"}
    assert "Limites/Conduite du changement" in set(first["qda_code"])
    assert table.loc[table["document"] == "Entretien 2", "sector"].item() == "non précisé"
    assert summary["unmapped_codes"] == ["Autre"]


def test_csv_export_missing_column_and_empty_code(tmp_path, codebook):
    path = tmp_path / "bad.csv"
    path.write_text("document,text\nA,x\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        import_coding(path, codebook)
    assert (err.value.first.line, err.value.first.field) == (1, "code")
    path.write_text("document,code,text\nA,levers,x\nB,,y\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        import_coding(path, codebook)
    assert (err.value.first.line, err.value.first.field) == (3, "code")


def test_csv_export_not_utf8(tmp_path, codebook):
    path = tmp_path / "latin1.csv"
    path.write_bytes("document,code,text\nA,levers,éé\n".encode("latin-1"))
    with pytest.raises(DataError) as err:
        import_coding(path, codebook)
    assert err.value.first.line == 2 and "not UTF-8" in str(err.value)
