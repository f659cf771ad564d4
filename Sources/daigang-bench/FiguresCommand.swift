internal import ArgumentParser
internal import DaigangCore
internal import Foundation

/// `daigang-bench figures`: how long the board and the report take to compute and encode for a
/// season of the given size, built in memory (no server): the cost the report thread pays per request.
/// Wall time and this thread's CPU time are both printed: on a shared machine the CPU time is the
/// steadier figure, the wall time what a request waits.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Times ReportBuilder (board and report, compute + JSON) on a synthetic season."
    )

    @Option(help: "Sessions.") var sessions = 50
    @Option(help: "Employers.") var employers = 300
    @Option(help: "Jobs in all, spread over the sessions.") var jobs = 10_000
    @Option(help: "Leads in all.") var leads = 200_000
    @Option(help: "Timed runs of each; the median and the worst are printed.") var runs = 5
    @Option(help: "The division list: every other lead picks one of its prefectures, the rest write free text.")
    var divisions = "web-static/data/divisions.json"

    func run() throws {
        let setupStart = DispatchTime.now()
        let book = LeadBook()
        let directory = (0..<employers).map {
            EmployerProfile(id: "e\($0)", name: "企业\($0)", industry: "行业\($0 % 12)", district: "区\($0 % 9)")
        }
        let jobsPerSession = max(1, jobs / sessions)
        var jobIDs: [(session: String, job: Job)] = []
        for s in 0..<sessions {
            let id = "s\(s)"
            let list = (0..<jobsPerSession).map { j -> Job in
                var job = Job(id: "j\(s)-\(j)", title: "岗位", employerId: "e\((s * 7 + j) % employers)",
                              pay: Pay(min: 5000, max: 7000, unit: .month), location: Location(city: "苏州"))
                job.headcount = 1 + (j % 20)
                return job
            }
            list.forEach { jobIDs.append((id, $0)) }
            book.apply(.session(id: id, .created(SessionDefinition(id: id, title: "第\(s + 1)场", status: .ended, jobs: list, policies: []))))
        }
        let statuses: [[LeadStatus]] = [[], [.contacted], [.contacted, .interviewScheduled], [.contacted, .hired], [.rejected]]
        var random = SystemRandomNumberGenerator()
        let places = ["河南省", "四川省", "贵州省", "安徽省", "湖南省", "甘肃省", "江西省"]
        let list = try FileManager.default.contents(atPath: divisions).map { try DivisionList(json: $0) } ?? .empty
        let codes = list.provinces.flatMap(\.prefectures).map(\.code)
        for n in 1...leads {
            let (session, job) = jobIDs[Int.random(in: 0..<jobIDs.count, using: &random)]
            let id = LeadBook.leadID(number: n)
            book.apply(.lead(Lead(id: id, session: session, jobId: job.id, jobTitle: job.title, employerId: job.employerId, name: "某",
                                  phone: "138\(String(format: "%08d", n))", hometown: places[n % places.count], note: nil,
                                  createdAt: Int64(n), viewerId: "v\(n)", hometownCode: n % 2 == 0 && !codes.isEmpty ? codes[n % codes.count] : nil)))
            for (k, status) in statuses[n % statuses.count].enumerated() {
                book.apply(.followup(leadId: id, FollowUp(status: status, note: nil, at: Int64(n + k), by: "hr")))
            }
        }
        let setup = Double(DispatchTime.now().uptimeNanoseconds - setupStart.uptimeNanoseconds) / 1e6
        print("season: \(sessions) sessions, \(employers) employers, \(jobIDs.count) jobs, \(book.count) leads (built in \(Int(setup)) ms)")
        let builder = ReportBuilder(employers: directory, thresholds: .standard, divisions: list)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var fields: [String] = []
        for (name, origins) in [("board", false), ("report", true)] {
            var compute: [Double] = []
            var computeCPU: [Double] = []
            var encode: [Double] = []
            var encodeCPU: [Double] = []
            var bytes = 0
            for _ in 0..<runs {
                let state = book.state
                let (t0, c0) = (MonotonicClock.now(), MonotonicClock.threadCPUNanos())
                let report = builder.build(state, includeOrigins: origins, jobsOf: origins ? .none : .session("s0"))
                let (t1, c1) = (MonotonicClock.now(), MonotonicClock.threadCPUNanos())
                bytes = (try encoder.encode(report)).count
                let (t2, c2) = (MonotonicClock.now(), MonotonicClock.threadCPUNanos())
                compute.append(Double(t1 - t0) / 1e6)
                computeCPU.append(Double(c1 - c0) / 1e6)
                encode.append(Double(t2 - t1) / 1e6)
                encodeCPU.append(Double(c2 - c1) / 1e6)
            }
            compute.sort()
            computeCPU.sort()
            encode.sort()
            encodeCPU.sort()
            let line = String(format: "%@: compute median %.1f ms (worst %.1f; CPU %.1f), JSON encode median %.1f ms (worst %.1f; CPU %.1f), %d bytes",
                              name, compute[runs / 2], compute[runs - 1], computeCPU[runs / 2],
                              encode[runs / 2], encode[runs - 1], encodeCPU[runs / 2], bytes)
            print(line)
            fields.append(String(format: "\"%@ComputeMs\":%.1f,\"%@ComputeCpuMs\":%.1f,\"%@EncodeMs\":%.1f,\"%@EncodeCpuMs\":%.1f,\"%@Bytes\":%d",
                                 name, compute[runs / 2], name, computeCPU[runs / 2], name, encode[runs / 2], name, encodeCPU[runs / 2], name, bytes))
        }
        print("RESULT {\"scenario\":\"figures\",\(fields.joined(separator: ","))}")
    }
}
