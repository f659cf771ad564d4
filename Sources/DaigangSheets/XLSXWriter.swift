public import Foundation
internal import ZIPFoundation

/// Writes a workbook (.xlsx) of several sheets, in memory: what the leads export and the reports hand to HR.
///
/// Deliberately small: inline strings (no shared-string table), four cell styles (plain, bold
/// header, date-time, text), widths, a frozen header row and drop-down lists. The output is checked
/// with openpyxl and LibreOffice (Tests/integration/test_sheets.py).
public struct XLSXWriter: Sendable {
    public var sheets: [Worksheet] = []
    /// Where `.dateTime` cells are shown: Excel has no time zones, so the writer converts.
    public var timeZone: TimeZone

    /// Beijing time, the default for every export of ours.
    public static let beijing = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    public init(sheets: [Worksheet] = [], timeZone: TimeZone = XLSXWriter.beijing) {
        self.sheets = sheets
        self.timeZone = timeZone
    }

    /// The workbook's bytes.
    public func data() -> Data {
        precondition(!sheets.isEmpty, "a workbook needs at least one sheet")
        let names = uniqueNames()
        var parts: [(path: String, text: String)] = [
            ("[Content_Types].xml", contentTypes()),
            ("_rels/.rels", Self.xmlHeader + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ("xl/workbook.xml", workbook(names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships()),
            ("xl/styles.xml", Self.styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet)))
        }
        do {
            let archive = try Archive(accessMode: .create)
            for part in parts {
                let bytes = Data(part.text.utf8)
                try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(bytes.count),
                                     modificationDate: Date(timeIntervalSince1970: 1_577_836_800),
                                     compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { preconditionFailure("an in-memory archive has data") }
            return data
        } catch {
            preconditionFailure("writing an in-memory zip failed: \(error)")
        }
    }

    // MARK: - Parts

    static let xmlHeader = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// Style indexes into `cellXfs` below.
    enum Style: Int {
        case plain = 0, bold = 1, dateTime = 2, text = 3
    }

    static let styles = xmlHeader + """
        <styleSheet xmlns="\(mainNamespace)">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    private func contentTypes() -> String {
        var text = Self.xmlHeader + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for index in sheets.indices {
            text += #"<Override PartName="/xl/worksheets/sheet\#(index + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return text + "</Types>"
    }

    private func workbook(_ names: [String]) -> String {
        var text = Self.xmlHeader + #"<workbook xmlns="\#(Self.mainNamespace)" xmlns:r="\#(Self.relationshipNamespace)"><sheets>"#
        for (index, name) in names.enumerated() {
            text += #"<sheet name="\#(Self.escape(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return text + "</sheets></workbook>"
    }

    private func workbookRelationships() -> String {
        var text = Self.xmlHeader + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in sheets.indices {
            text += #"<Relationship Id="rId\#(index + 1)" Type="\#(Self.relationshipNamespace)/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        text += #"<Relationship Id="rId\#(sheets.count + 1)" Type="\#(Self.relationshipNamespace)/styles" Target="styles.xml"/>"#
        return text + "</Relationships>"
    }

    /// Sheet names as Excel allows them: no `[]:*?/\`, at most 31 characters, unique (case-insensitively).
    private func uniqueNames() -> [String] {
        var used: Set<String> = []
        return sheets.enumerated().map { index, sheet in
            var name = String(sheet.name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            if name.isEmpty { name = "Sheet\(index + 1)" }
            var candidate = name
            var suffix = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(name.prefix(28)) + "(\(suffix))"
                suffix += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    private func worksheet(_ sheet: Worksheet) -> String {
        var text = Self.xmlHeader + #"<worksheet xmlns="\#(Self.mainNamespace)" xmlns:r="\#(Self.relationshipNamespace)">"#
        if sheet.hasHeader {
            text += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        }
        if !sheet.columnWidths.isEmpty {
            text += "<cols>"
            for (index, width) in sheet.columnWidths.enumerated() {
                text += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            text += "</cols>"
        }
        text += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            text += #"<row r="\#(rowIndex + 1)">"#
            let isHeader = sheet.hasHeader && rowIndex == 0
            for (columnIndex, cell) in row.enumerated() {
                text += self.cell(cell, reference: Self.columnName(columnIndex + 1) + String(rowIndex + 1), isHeader: isHeader)
            }
            text += "</row>"
        }
        text += "</sheetData>"
        if !sheet.validations.isEmpty {
            text += #"<dataValidations count="\#(sheet.validations.count)">"#
            for validation in sheet.validations {
                let column = Self.columnName(validation.column)
                let list = Self.escape("\"" + validation.values.joined(separator: ",") + "\"")
                text += #"<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="\#(column)\#(validation.rows.lowerBound):\#(column)\#(validation.rows.upperBound)"><formula1>\#(list)</formula1></dataValidation>"#
            }
            text += "</dataValidations>"
        }
        return text + "</worksheet>"
    }

    private func cell(_ cell: Worksheet.Cell, reference: String, isHeader: Bool) -> String {
        let textStyle = isHeader ? Style.bold : Style.plain
        switch cell {
        case .empty:
            return ""
        case .text(let value):
            return inlineString(value, reference: reference, style: textStyle)
        case .forcedText(let value):
            return inlineString(value, reference: reference, style: isHeader ? .bold : .text)
        case .integer(let value):
            return #"<c r="\#(reference)" s="\#(textStyle.rawValue)"><v>\#(value)</v></c>"#
        case .number(let value):
            guard value.isFinite else { return "" }
            return #"<c r="\#(reference)" s="\#(textStyle.rawValue)"><v>\#(XLSXReader.plainNumber("\(value)"))</v></c>"#
        case .bool(let value):
            return #"<c r="\#(reference)" s="\#(textStyle.rawValue)" t="b"><v>\#(value ? 1 : 0)</v></c>"#
        case .dateTime(let date):
            return #"<c r="\#(reference)" s="\#(Style.dateTime.rawValue)"><v>\#(excelSerial(date))</v></c>"#
        }
    }

    private func inlineString(_ value: String, reference: String, style: Style) -> String {
        #"<c r="\#(reference)" s="\#(style.rawValue)" t="inlineStr"><is><t xml:space="preserve">\#(Self.escape(value))</t></is></c>"#
    }

    /// Days since 1899-12-30 in local time: Excel's serial date (1900 system), to the second.
    func excelSerial(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down) + Double(timeZone.secondsFromGMT(for: date))
        let serial = seconds / 86_400 + 25_569
        return String(format: "%.10f", serial)
    }

    /// 1 → A, 27 → AA.
    static func columnName(_ number: Int) -> String {
        var number = number
        var name = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// Escapes for XML text and attributes, and drops what XML 1.0 cannot carry (C0 controls except tab and line feeds).
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
