import DaigangSheets
import Foundation
import Testing

struct CSVReaderTests {
    @Test func quotesEmbeddedNewlinesAndCRLFFollowRFC4180() throws {
        let csv = "岗位名称,说明\r\n\"普工, 夜班\",\"第一行\r\n第二行 \"\"加班\"\"\"\r\n后勤,\r\n"
        #expect(try SheetReader.rows(fromCSV: Data(csv.utf8)) == [["岗位名称", "说明"], ["普工, 夜班", "第一行\r\n第二行 \"加班\""], ["后勤"]])
    }

    @Test func aByteOrderMarkIsDropped() throws {
        #expect(try SheetReader.rows(fromCSV: Data([0xEF, 0xBB, 0xBF]) + Data("城市\n东莞".utf8)) == [["城市"], ["东莞"]])
    }

    @Test func gb18030FromChineseExcelIsDecoded() throws {
        let gbk = try #require("岗位名称,城市\n普工,东莞\n".data(using: String.Encoding(rawValue: 0x8000_0632)))
        #expect(String(data: gbk, encoding: .utf8) == nil)
        #expect(try SheetReader.rows(fromUpload: gbk) == [["岗位名称", "城市"], ["普工", "东莞"]])
    }

    @Test func anUnclosedQuoteIsMalformed() {
        #expect(kind { try SheetReader.rows(fromCSV: Data("a,\"b\nc".utf8)) } == .malformedCSV)
        #expect(kind { try SheetReader.rows(fromCSV: Data("\"a\"b,c".utf8)) } == .malformedCSV)
    }

    @Test func utf16TextAsksForUTF8() {
        #expect(kind { try SheetReader.rows(fromUpload: Data([0xFF, 0xFE, 0x41, 0x00])) } == .textEncoding)
    }

    @Test func rowsBeyondTheCapAreRefused() {
        var limits = SheetLimits()
        limits.maxRows = 2
        #expect(kind { try SheetReader.rows(fromCSV: Data("a\nb\nc\n".utf8), limits: limits) } == .tooManyRows)
    }

    @Test func anEmptyFileIsEmpty() {
        #expect(kind { try SheetReader.rows(fromCSV: Data(",,\r\n\r\n".utf8)) } == .empty)
    }
}
