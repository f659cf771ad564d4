/// How a client wants the session's job list: in its `welcome` (absent: the full snapshot, as
/// old clients expect) or over HTTP (`http`: a compact welcome naming the catalog's URL and ETag).
public enum CatalogDelivery: String, WireEnum {
    case http
}
