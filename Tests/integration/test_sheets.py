"""`daigang sheet check|template|sample` (docs/SHEETS.md): the spreadsheet layer against files made by
other tools. Fixtures are built here with openpyxl and zipfile — hostile ones included (zip bomb,
billion laughs, 50 MB upload, a PNG or an OLE2 file renamed .xlsx) — and what Daigang writes is read
back with openpyxl and LibreOffice."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from hostile_sheets import with_part_replaced
from repo_paths import DEMO_CONFIG
from server_process import run_cli

HEADER = ["岗位名称", "企业名称", "工资下限", "工资上限", "计薪方式", "城市", "包住宿", "招聘人数"]
GOOD_ROW = ["普工", "澄州星河电子有限公司", 5000, 6500.0, "月", "澄州", "是", 30]


def openpyxl_sheet(path: Path, rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def check(path: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli("sheet", "check", str(path), *args, timeout=60)


def read_rows(path: Path) -> list[list[str]]:
    result = check(path, "--rows")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_openpyxl_workbook_reads_as_shown(tmp_path: Path) -> None:
    path = openpyxl_sheet(tmp_path / "jobs.xlsx", [HEADER, GOOD_ROW, [], ["焊工", None, 0.1 + 0.2, True]])
    assert read_rows(path) == [
        HEADER,
        ["普工", "澄州星河电子有限公司", "5000", "6500", "月", "澄州", "是", "30"],
        [],
        ["焊工", "", "0.3", "TRUE"],
    ]


def test_a_good_sheet_imports_against_the_config(tmp_path: Path) -> None:
    path = openpyxl_sheet(tmp_path / "jobs.xlsx", [HEADER, GOOD_ROW, ["叉车工", "澄州星河电子有限公司", 200, None, "天", "澄州"]])
    result = check(path, "--config", str(DEMO_CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 job(s)" in result.stdout


def test_bad_rows_are_listed_with_row_column_and_chinese_reason(tmp_path: Path) -> None:
    rows = [HEADER, GOOD_ROW, ["", "没有的公司", "六千", None, "周", "澄州"], GOOD_ROW]
    path = openpyxl_sheet(tmp_path / "jobs.xlsx", rows)
    result = check(path, "--config", str(DEMO_CONFIG), "--json")
    assert result.returncode == 2, result.stdout + result.stderr
    errors = {(e["row"], e["column"]): e["reason"] for e in json.loads(result.stdout)["errors"]}
    assert errors[(3, "岗位名称")] == "必填，不能空着"
    assert "没有这家企业" in errors[(3, "企业名称")]
    assert "整数" in errors[(3, "工资下限")]
    assert "月、天、小时 或 计件" in errors[(3, "计薪方式")]
    assert errors[(4, "岗位名称")] == "与第2行重复（同一企业的同名岗位）"


def test_a_gb18030_csv_from_chinese_excel_reads(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([HEADER, GOOD_ROW, ["多行", "说明\n第二行"]])
    path.write_bytes(text.getvalue().encode("gb18030"))
    rows = read_rows(path)
    assert rows[1][1] == "澄州星河电子有限公司"
    assert rows[2] == ["多行", "说明\n第二行"]


def workbook_with_part(tmp_path: Path, name: str, part: str, content: bytes | None = None, *, zeros: int = 0) -> Path:
    """An openpyxl workbook with one part replaced by `content`, or by `zeros` zero bytes streamed in."""
    source = openpyxl_sheet(tmp_path / "source.xlsx", [HEADER, GOOD_ROW])
    target = tmp_path / name
    target.write_bytes(with_part_replaced(source.read_bytes(), part, content, zeros=zeros))
    return target


def test_a_zip_bomb_is_refused_while_inflating(tmp_path: Path) -> None:
    bomb = workbook_with_part(tmp_path, "bomb.xlsx", "xl/worksheets/sheet1.xml", zeros=1 << 28)
    assert bomb.stat().st_size < 1 << 20  # 256 MiB of zeros deflate to about 256 KB
    result = check(bomb)
    assert result.returncode == 1
    assert "内容太多" in result.stderr and "inflatedTooLarge" in result.stderr


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    xml = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">' + entities + "]>"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    path = workbook_with_part(tmp_path, "laughs.xlsx", "xl/worksheets/sheet1.xml", xml.encode())
    result = check(path)
    assert result.returncode == 1
    assert "xmlDeclaration" in result.stderr and "损坏" in result.stderr


def test_a_50_mb_upload_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as out:
        out.write(b"PK\x03\x04")
        out.truncate(50 << 20)
    result = check(path)
    assert result.returncode == 1
    assert "文件太大" in result.stderr


@pytest.mark.parametrize(
    ("magic", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "这是图片"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "旧版 .xls"),
        (b"PK\x03\x04 not really a zip", "不是 Excel 表格"),
    ],
)
def test_a_renamed_file_says_what_it_is(tmp_path: Path, magic: bytes, message: str) -> None:
    path = tmp_path / "jobs.xlsx"
    path.write_bytes(magic)
    result = check(path)
    assert result.returncode == 1
    assert message in result.stderr


def test_the_template_opens_in_openpyxl_with_its_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    assert run_cli("sheet", "template", str(path)).returncode == 0
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["岗位", "填写说明"]
    sheet = workbook["岗位"]
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["岗位名称*", "企业名称*"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    unit_column = openpyxl.utils.get_column_letter(header.index("计薪方式*") + 1)
    assert lists[f"{unit_column}2:{unit_column}1001"] == '"月,天,小时,计件"'
    category_column = openpyxl.utils.get_column_letter(header.index("工种类别") + 1)
    assert "普工" in lists[f"{category_column}2:{category_column}1001"]
    assert sheet.column_dimensions["A"].width == 18


def test_written_cells_keep_their_types_in_openpyxl(tmp_path: Path) -> None:
    path = tmp_path / "sample.xlsx"
    assert run_cli("sheet", "sample", str(path)).returncode == 0
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["线索", "汇总"]
    sheet = workbook["线索"]
    row = [cell.value for cell in sheet[2]]
    assert row[1] == "13800138000" and sheet["B2"].data_type == "s" and sheet["B2"].number_format == "@"
    assert row[3] == 6500
    assert str(row[4]) == "2026-12-02 08:00:00"  # Beijing time
    assert sheet["E2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["C3"].value == "L000043" and sheet["B3"].value == "00861390000"
    assert sheet.freeze_panes == "A2"


def libreoffice_csv(path: Path, tmp_path: Path) -> list[list[str]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (libreoffice-calc-nogui) is installed by scripts/ensure-deps.sh --test"
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "out"), str(path)],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )
    converted = tmp_path / "out" / (path.stem + ".csv")
    assert converted.exists(), result.stdout + result.stderr
    return list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))


def test_libreoffice_opens_what_daigang_writes(tmp_path: Path) -> None:
    sample = tmp_path / "sample.xlsx"
    assert run_cli("sheet", "sample", str(sample)).returncode == 0
    rows = libreoffice_csv(sample, tmp_path)
    assert rows[0] == ["姓名", "手机", "线索编号", "期望月薪", "报名时间", "已到岗"]
    assert rows[1][:5] == ["张三", "13800138000", "L000042", "6500", "2026-12-02 08:00"]
    template = tmp_path / "template.xlsx"
    assert run_cli("sheet", "template", str(template)).returncode == 0
    assert libreoffice_csv(template, tmp_path)[0][0] == "岗位名称*"
