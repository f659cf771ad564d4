/// A request to the accounts API (`/api/admin/accounts`), as the server's router typed it.
///
/// Like `HRRequest`, every case reaches the hub, refusals included, so that nothing is answered
/// before the sign-in is checked.
public enum AccountRequest: Sendable, Equatable {
    /// `GET /api/admin/accounts`: every account, without tokens or hashes.
    case list
    /// `POST /api/admin/accounts`: the raw JSON body, decoded once by the hub.
    case create(body: [UInt8])
    /// `DELETE /api/admin/accounts/{id}`: revoke the account.
    case revoke(id: String)
    /// A path of the API with a method it does not take; `allow` names the ones it does.
    case methodNotAllowed(allow: [String])
    /// Under `/api/admin/accounts`, but no resource of the API.
    case notFound
}
