import DaigangCore
import Foundation
import Testing

struct ClientRequestTests {
    let decoder = JSONDecoder()

    func decode(_ text: String) -> Result<ClientRequest, RejectedRequest> {
        ClientRequest.decode(Array(text.utf8), with: decoder)
    }

    @Test(arguments: [
        ("{", "message is not valid JSON"),
        ("[]", "message must be a JSON object"),
        ("42", "message must be a JSON object"),
        ("{}", "field 'type' is missing"),
        (#"{"type": 7}"#, "field 'type' must be a string"),
        (#"{"type": "dance"}"#, "unknown message type 'dance'"),
        (#"{"type": "pin_job"}"#, "field 'jobId' is missing"),
        (#"{"type": "pin_job", "jobId": 5}"#, "field 'jobId' must be a string"),
        (#"{"type": "hello", "session": "s1", "role": "admin"}"#, "field 'role' must be one of viewer, host, hr"),
        (#"{"type": "hello", "role": "viewer"}"#, "field 'session' is missing"),
        (#"{"type": "queue_done", "ticket": 1.5, "outcome": "skipped"}"#, "field 'ticket' must be an integer"),
        (#"{"type": "session_status", "status": "paused"}"#, "field 'status' must be one of scheduled, live, ended, closed"),
        (#"{"type": "upsert_job", "job": {"id": "x"}}"#, "field 'job.title' is missing"),
        (#"{"type": "upsert_job", "job": {"id": "x", "title": "t", "employerId": "acme", "pay": {"min": 1, "max": 2, "unit": "week"}, "location": {"city": "c"}}}"#,
         "field 'job.pay.unit' must be one of month, day, hour, piece"),
    ])
    func badMessagesAreRejectedWithAReasonNamingTheField(text: String, expected: String) throws {
        let result = decode(text)
        guard case .failure(let rejected) = result else {
            Issue.record("expected a rejection for \(text)")
            return
        }
        #expect(rejected.error.code == .badRequest)
        #expect(rejected.error.message == expected)
    }

    @Test func refIsKeptEvenWhenTheBodyIsInvalid() {
        guard case .failure(let rejected) = decode(#"{"type": "pin_job", "ref": "abc"}"#) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejected.ref == .string("abc"))
    }

    @Test func nullJobIdMeansUnpin() throws {
        let request = try decode(#"{"type": "pin_job", "jobId": null, "ref": 3}"#).get()
        #expect(request.message == .pinJob(jobId: nil))
        #expect(request.ref == .integer(3))
    }

    @Test func unknownFieldsInMessagesAreIgnored() throws {
        let request = try decode(#"{"type": "announce", "text": "hi", "future": true}"#).get()
        #expect(request.message == .announce(text: "hi"))
    }
}

struct EnvelopeTests {
    @Test func aMistypedTypeStillEchoesTheRef() {
        guard case .failure(let rejected) = ClientRequest.decode(Array(#"{"type": 5, "ref": "t5"}"#.utf8), with: JSONDecoder()) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejected.ref == .string("t5"))
        #expect(rejected.error.message == "field 'type' must be a string")
    }
}
