internal import CLibWebSockets
import Foundation

/// A certificate and private key that OpenSSL accepted as a pair, described for the log.
///
/// `check` loads the files into a scratch `SSL_CTX` with the calls lws uses for the listener's
/// (PEM key, chain file), and checks that the key belongs to the certificate.
/// lws' own reload (`lws_tls_cert_updated`) changes the live context step by step, so a pair it
/// half-loads would leave the listener with a certificate and no key: only a checked pair is handed to it.
struct TLSCertificate: Equatable {
    /// The subject, in OpenSSL's one-line form (`/CN=live.example.org`).
    let subject: String
    /// The serial number in hex.
    let serial: String
    /// The last moment the certificate is valid, as OpenSSL prints it.
    let notAfter: String

    static func check(certificate: String, privateKey: String) throws(ServerError) -> TLSCertificate {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw ServerError("OpenSSL could not make a context: \(openSSLError())") }
        defer { SSL_CTX_free(context) }
        ERR_clear_error()
        // The key first: a certificate loaded after it drops a key that is not its own, so a
        // mismatch is reported by the check below in plain words rather than as "key values mismatch".
        guard SSL_CTX_use_PrivateKey_file(context, privateKey, SSL_FILETYPE_PEM) == 1 else {
            throw ServerError("server.tls.privateKey \(privateKey): \(openSSLError())")
        }
        guard SSL_CTX_use_certificate_chain_file(context, certificate) == 1 else {
            throw ServerError("server.tls.certificate \(certificate): \(openSSLError())")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw ServerError("server.tls.privateKey \(privateKey) does not belong to the certificate \(certificate)")
        }
        guard let x509 = SSL_CTX_get0_certificate(context) else { throw ServerError("server.tls.certificate \(certificate): no certificate") }
        return TLSCertificate(subject: subject(of: x509), serial: serial(of: x509), notAfter: notAfter(of: x509))
    }

    private static func subject(of x509: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard X509_NAME_oneline(X509_get_subject_name(x509), &buffer, Int32(buffer.count)) != nil else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func serial(of x509: OpaquePointer) -> String {
        guard let number = ASN1_INTEGER_to_BN(X509_get_serialNumber(x509), nil) else { return "" }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { return "" }
        defer { CLibWebSockets_opensslFree(hex) }  // BN_bn2hex allocates with OPENSSL_malloc.
        return String(cString: hex)
    }

    private static func notAfter(of x509: OpaquePointer) -> String {
        var moment = tm()
        guard let time = X509_get0_notAfter(x509), ASN1_TIME_to_tm(time, &moment) == 1 else { return "" }
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", moment.tm_year + 1900, moment.tm_mon + 1, moment.tm_mday, moment.tm_hour, moment.tm_min, moment.tm_sec)
    }

    /// OpenSSL's queued errors as one line (and the queue emptied).
    private static func openSSLError() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "not accepted by OpenSSL" : reasons.joined(separator: "; ")
    }
}
