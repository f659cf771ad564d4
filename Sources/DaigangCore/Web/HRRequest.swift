/// A request to the HR leads API, as the server's router typed it.
///
/// The server maps method and path to a case once (STYLE.md: route HTTP once, in the server
/// layer); the hub never sees a path. Query values arrive as the client sent them, URL-decoded,
/// because which values are valid is a domain rule the hub checks. A refusal that needs no lead
/// (`methodNotAllowed`, `notFound`) still comes to the hub: every answer under `/api/leads` is
/// given only after the sign-in is checked, so an unsigned client learns nothing about the API.
public enum HRRequest: Sendable, Equatable {
    /// `GET /api/leads`: a page of the employer's leads, newest first.
    case listLeads(LeadQuery, cursor: String?, limit: String?)
    /// `GET /api/leads.csv`: every matching lead as a spreadsheet, recorded in the audit log.
    case exportCSV(LeadQuery)
    /// `GET /api/leads/sessions`: the sessions that have the employer's leads, for the page's session filter.
    case sessions
    /// `GET /api/leads.xlsx`: the same leads as a workbook (报名, 跟进记录), audited like the CSV.
    case exportXLSX(LeadQuery)
    /// `GET /api/leads/{id}`: one lead with its follow-ups, recorded in the audit log.
    case leadDetail(id: String)
    /// `POST /api/leads/{id}/followups`: the raw JSON body, decoded once by the hub.
    case addFollowUp(leadId: String, body: [UInt8])
    /// A path of the API with a method it does not take; `allow` names the ones it does.
    case methodNotAllowed(allow: [String])
    /// Under `/api/leads`, but no resource of the API.
    case notFound
}
