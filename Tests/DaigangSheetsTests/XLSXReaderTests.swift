import DaigangSheets
import ZIPFoundation
import Foundation
import Testing

struct XLSXReaderTests {
    @Test func sharedInlineNumberAndBooleanCellsReadAsShown() throws {
        let sheet = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>内联</t></is></c></row>\
            <row r="2"><c r="A2"><v>6500.0</v></c><c r="B2"><v>0.30000000000000004</v></c><c r="C2" t="b"><v>1</v></c>\
            <c r="D2" t="s"><v>1</v></c></row>
            """
        let strings = "<si><t>岗位名称</t></si><si><r><t>电子</t></r><r><t>厂</t></r><rPh sb=\"0\" eb=\"1\"><t>でんし</t></rPh></si>"
        let rows = try SheetReader.rows(fromXLSX: Zip.workbook(sheet: sheet, sharedStrings: strings))
        #expect(rows == [["岗位名称", "内联"], ["6500", "0.3", "TRUE", "电子厂"]])
    }

    @Test func gapsKeepRowNumbersAndTrailingEmptyRowsAreDropped() throws {
        let sheet = #"<row r="1"><c r="B1" t="inlineStr"><is><t>x</t></is></c></row><row r="3"><c r="A3"><v>7</v></c></row><row r="9"><c r="A9" t="inlineStr"><is><t> </t></is></c></row>"#
        #expect(try SheetReader.rows(fromXLSX: Zip.workbook(sheet: sheet)) == [["", "x"], [], ["7"]])
    }

    @Test func entitiesAndCharacterReferencesAreDecoded() throws {
        let sheet = #"<row r="1"><c r="A1" t="inlineStr"><is><t>A&amp;B &lt;&#x5C97;&#20301;&gt;</t></is></c></row>"#
        #expect(try SheetReader.rows(fromXLSX: Zip.workbook(sheet: sheet)) == [["A&B <岗位>"]])
    }

    @Test func aPartWithAByteOrderMarkReads() throws {
        let sheet = #"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#
        let data = try Zip.workbook(sheet: "").replacingPart("xl/worksheets/sheet1.xml", with: Data([0xEF, 0xBB, 0xBF]) + Data(sheet.utf8))
        #expect(try SheetReader.rows(fromXLSX: data) == [["1"]])
    }

    @Test func billionLaughsIsRefusedBeforeAnyExpansion() throws {
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\
            <worksheet><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>
            """
        let data = try Zip.workbook(sheet: "").replacingPart("xl/worksheets/sheet1.xml", with: laughs)
        #expect(throws: SheetError.self) { try SheetReader.rows(fromXLSX: data) }
        #expect(kind { try SheetReader.rows(fromXLSX: data) } == .xmlDeclaration)
    }

    @Test func anUndeclaredEntityIsMalformed() throws {
        let data = try Zip.workbook(sheet: #"<row><c t="inlineStr"><is><t>&xxe;</t></is></c></row>"#)
        #expect(kind { try SheetReader.rows(fromXLSX: data) } == .malformedXML)
    }

    @Test func deepNestingIsRefused() throws {
        let deep = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        let data = try Zip.workbook(sheet: "<row><c>\(deep)</c></row>")
        #expect(kind { try SheetReader.rows(fromXLSX: data) } == .tooDeep)
    }

    @Test func aPartDeclaredInAnotherEncodingIsRefused() throws {
        let data = try Zip.workbook(sheet: "").replacingPart("xl/worksheets/sheet1.xml", with: #"<?xml version="1.0" encoding="UTF-16"?><worksheet/>"#)
        #expect(kind { try SheetReader.rows(fromXLSX: data) } == .xmlEncoding)
    }

    /// 64 MiB of zeros deflate to ~64 KB; the declared size is ignored and inflating stops at the cap.
    @Test func aZipBombStopsAtTheEntryCap() throws {
        var limits = SheetLimits()
        limits.maxEntryBytes = 1 << 20
        let zeros = Data(count: 8 << 20)
        let bomb = try Zip.workbook(sheet: "").replacingPart("xl/worksheets/sheet1.xml", with: zeros)
        #expect(bomb.count < 100_000)
        #expect(kind { try SheetReader.rows(fromXLSX: bomb, limits: limits) } == .inflatedTooLarge)
    }

    @Test func totalInflatedBytesAreCapped() throws {
        var limits = SheetLimits()
        limits.maxInflatedBytes = 2_000
        let long = "<row>" + String(repeating: #"<c t="inlineStr"><is><t>x</t></is></c>"#, count: 80) + "</row>"
        #expect(kind { try SheetReader.rows(fromXLSX: Zip.workbook(sheet: long), limits: limits) } == .inflatedTooLarge)
    }

    @Test func rowsAndColumnsAreCappedBeforeAllocating() throws {
        var limits = SheetLimits()
        limits.maxRows = 3
        let farRow = #"<row r="4"><c r="A4"><v>1</v></c></row>"#
        #expect(kind { try SheetReader.rows(fromXLSX: Zip.workbook(sheet: farRow), limits: limits) } == .tooManyRows)
        let farColumn = #"<row r="1"><c r="XFD1"><v>1</v></c></row>"#
        #expect(kind { try SheetReader.rows(fromXLSX: Zip.workbook(sheet: farColumn)) } == .tooManyColumns)
    }

    @Test func aCellLongerThanTheCapIsRefused() throws {
        var limits = SheetLimits()
        limits.maxCellLength = 10
        let sheet = #"<row><c t="inlineStr"><is><t>\#(String(repeating: "长", count: 11))</t></is></c></row>"#
        #expect(kind { try SheetReader.rows(fromXLSX: Zip.workbook(sheet: sheet), limits: limits) } == .cellTooLong)
    }

    @Test func tooManyEntriesIsRefused() throws {
        var limits = SheetLimits()
        limits.maxEntries = 10
        let parts = (0..<11).map { ("f\($0).xml", Data("<a/>".utf8)) }
        #expect(kind { try SheetReader.rows(fromXLSX: Zip.make(parts), limits: limits) } == .tooManyEntries)
    }

    @Test(arguments: [
        (Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]), SheetError.Kind.image),
        (Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]), .legacyOrEncrypted),
        (Data("%PDF-1.4\n".utf8), .notASpreadsheet),
        (Data("岗位名称\n普工".utf8), .notAWorkbook),
        (Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]), .notAWorkbook),
    ])
    func whatIsNotAWorkbookSaysWhatItIs(data: Data, expected: SheetError.Kind) {
        #expect(kind { try SheetReader.rows(fromXLSX: data) } == expected)
    }

    @Test func aZipThatIsNotAWorkbookIsRefused() throws {
        let zip = try Zip.make([("readme.txt", Data("hello".utf8))])
        #expect(kind { try SheetReader.rows(fromXLSX: zip) } == .notAWorkbook)
    }

    @Test func anUploadOverTheSizeCapIsRefusedUnread() {
        var limits = SheetLimits()
        limits.maxUploadBytes = 1_000
        #expect(kind { try SheetReader.rows(fromUpload: Data(count: 1_001), limits: limits) } == .tooLarge)
    }

    @Test func everyErrorHasAChineseMessage() {
        for kind in SheetError.Kind.allCases {
            let message = SheetError(kind, detail: "").message
            #expect(message.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(kind)")
        }
    }
}

/// The kind of `SheetError` a read throws, or nil when it succeeds.
func kind(_ read: () throws -> [[String]]) -> SheetError.Kind? {
    do {
        _ = try read()
        return nil
    } catch let error as SheetError {
        return error.kind
    } catch {
        return nil
    }
}

extension Data {
    /// The same zip with one part's content replaced (all other parts copied).
    func replacingPart(_ path: String, with text: String) throws -> Data {
        try replacingPart(path, with: Data(text.utf8))
    }

    func replacingPart(_ path: String, with content: Data) throws -> Data {
        let archive = try ZIPFoundation.Archive(data: self, accessMode: .read, pathEncoding: nil)
        var parts: [(String, Data)] = []
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts.append((entry.path, entry.path == path ? content : bytes))
        }
        return try Zip.make(parts)
    }
}
