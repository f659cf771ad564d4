import DaigangCore
import Foundation
import ZIPFoundation

/// Builds zips part by part, so a test can make any workbook, broken or hostile.
enum Zip {
    static func make(_ parts: [(String, Data)], method: CompressionMethod = .deflate) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, bytes) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: method) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    /// A minimal workbook in Excel's layout with the given worksheet XML and shared strings.
    static func workbook(sheet: String, sharedStrings: String? = nil) throws -> Data {
        let main = #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var rels = #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/worksheet" Target="worksheets/sheet1.xml"/>"#
        if sharedStrings != nil { rels += #"<Relationship Id="rId2" Type="\#(rel)/sharedStrings" Target="sharedStrings.xml"/>"# }
        rels += "</Relationships>"
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", Data(#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.utf8)),
            ("_rels/.rels", Data(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.utf8)),
            ("xl/workbook.xml", Data(#"<workbook \#(main) xmlns:r="\#(rel)"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8)),
            ("xl/_rels/workbook.xml.rels", Data(rels.utf8)),
            ("xl/worksheets/sheet1.xml", Data(#"<?xml version="1.0" encoding="UTF-8"?><worksheet \#(main)><sheetData>\#(sheet)</sheetData></worksheet>"#.utf8)),
        ]
        if let sharedStrings { parts.append(("xl/sharedStrings.xml", Data(#"<sst \#(main)>\#(sharedStrings)</sst>"#.utf8))) }
        return try make(parts)
    }
}

enum Employers {
    static let factory = Employer(id: "huaqiang", name: "华强电子有限公司", hrToken: "t1")
    static let logistics = Employer(id: "shunda", name: "顺达物流", hrToken: "t2")
    static let all = [factory, logistics]
}
