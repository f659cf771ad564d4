/// How an admin API sign-in ended: the account, or the answer that refuses it.
public enum AdminAdmission {
    case admitted(Principal)
    /// The refusal (401, 403 or 429) and its security event.
    case refused([HubEffect])
}
