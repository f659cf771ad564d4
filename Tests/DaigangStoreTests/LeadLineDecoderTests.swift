import DaigangCore
@testable import DaigangStore
import Foundation
import Testing

/// The fast lead decoder agrees with JSONDecoder wherever it answers, and answers for what the
/// encoder writes for a new lead.
struct LeadLineDecoderTests {
    func viaJSONDecoder(_ text: String) -> StoreRecord? {
        try? JSONDecoder().decode(StoreRecord.self, from: Data(text.utf8))
    }

    func viaFastPath(_ text: String) -> StoreRecord? {
        LeadLineDecoder.decode(ArraySlice(Array(text.utf8)))
    }

    @Test(arguments: [nil, "河南周口"], [nil, "可以马上到岗 / 夜班 ok", ""])
    func anEncodedLeadIsDecodedByTheFastPathExactly(hometown: String?, note: String?) throws {
        let lead = Lead(
            id: "L000042", session: "s1", jobId: "job-普工", jobTitle: "电子厂普工（长白班）", employerId: "hx-electronics",
            name: "张三🙂", phone: "13812345678", hometown: hometown, note: note, createdAt: 1_700_000_000_123, viewerId: "v-0123456789abcdef"
        )
        let encoded = try RecordLine.makeEncoder().encode(StoreRecord.lead(lead))
        let fast = LeadLineDecoder.decode(ArraySlice(Array(encoded)))
        #expect(fast == .lead(lead))
    }

    @Test(arguments: ["411600", "410000"])
    func aPickedHometownCodeIsDecodedByTheFastPath(code: String) throws {
        var lead = Lead(
            id: "L000043", session: "s1", jobId: "j1", jobTitle: "普工", employerId: "hx-electronics",
            name: "李四", phone: "13812345679", hometown: nil, note: nil, createdAt: 1_700_000_000_124, viewerId: "v-1"
        )
        lead.hometownCode = code
        let encoded = try RecordLine.makeEncoder().encode(StoreRecord.lead(lead))
        #expect(LeadLineDecoder.decode(ArraySlice(Array(encoded))) == .lead(lead))
    }

    @Test(arguments: [
        // Shapes the fast path leaves to JSONDecoder (nil), whatever JSONDecoder makes of them.
        #"{"kind":"lead","lead":{"createdAt":1,"employerId":"e","id":"L1","jobId":"j","jobTitle":"t","name":"a\"b","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":1,"employerId":"e","id":"L1","jobId":"j","jobTitle":"t","name":"a\u00e9","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":1,"employerId":"e","followups":[{"at":2,"by":"hr:e","status":"hired"}],"id":"L1","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":1.5,"employerId":"e","id":"L1","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":1e3,"employerId":"e","id":"L1","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":01,"employerId":"e","id":"L1","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":99999999999999999999,"employerId":"e","id":"L1","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":1,"employerId":"e","extra":1,"id":"L1","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":1,"employerId":"e","id":"L1","id":"L2","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":1,"employerId":"e","id":"L1","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s"}}"#,
        #"{"kind":"lead","lead":{"createdAt":1,"employerId":"e","id":null,"jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"kind":"lead","lead":{"createdAt":1,"employerId":"e","id":"L1","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"},"x":1}"#,
        #"{"kind":"followup","leadId":"L1","followup":{"at":2,"by":"hr:e","status":"hired"}}"#,
        #"{"kind":"ids_reserved","upTo":1000}"#,
        #"{"kind":"lead","lead":{"createdAt":1,"employerId":"e","id":"L1","jobId":"j","jobTitle":"t","name":"n","phone":"1","session":"s","viewerId":"v"}} x"#,
    ])
    func whatTheFastPathDoesNotFullyUnderstandGoesToJSONDecoder(text: String) {
        #expect(viaFastPath(text) == nil)
    }

    @Test(arguments: [
        #"{"kind":"lead","lead":{"createdAt":-5,"employerId":"e","hometown":null,"id":"L1","jobId":"j","jobTitle":"t","name":"n","note":"","phone":"1","session":"s","viewerId":"v"}}"#,
        #"{"lead":{"viewerId":"v","session":"s","phone":"1","note":"x","name":"n","jobTitle":"t","jobId":"j","id":"L1","employerId":"e","createdAt":0},"kind":"lead"}"#,
        #" { "kind" : "lead" , "lead" : { "createdAt" : 7 , "employerId" : "e" , "id" : "L1" , "jobId" : "j" , "jobTitle" : "t" , "name" : "n" , "phone" : "1" , "session" : "s" , "viewerId" : "v" } } "#,
    ])
    func whereTheFastPathAnswersItAgreesWithJSONDecoder(text: String) throws {
        let fast = try #require(viaFastPath(text))
        #expect(fast == viaJSONDecoder(text))
    }

    @Test func theChecksumIsZlibsCRC32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        // Every length around the 8-byte steps, against the byte-at-a-time definition.
        let bytes = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for length in 0...bytes.count {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes[..<length] {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            #expect(CRC32.checksum(bytes[..<length]) == crc ^ 0xFFFF_FFFF, "length \(length)")
        }
    }
}
