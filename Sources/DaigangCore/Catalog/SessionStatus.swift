/// Where a livestream session is in its life; viewers see it as a badge.
public enum SessionStatus: String, WireEnum {
    case scheduled, live, ended
}
