internal import CLibWebSockets
import DaigangCore
import Logging

/// SIGHUP: a renewed certificate and a re-read config, without dropping a connection.
extension HubServer {
    /// Applies a reload request on the service thread: the TLS pair first (renewals are what
    /// SIGHUP is usually for, and they must not depend on the config file being valid), then the
    /// live keys of the config. Connections already open keep their TLS session and their state.
    func reload(_ request: ServerReload) {
        if options.usesTLS { reloadCertificate() }
        if let problem = request.problem {
            logger.error("config reload refused; the running config stays", metadata: ["reason": "\(problem)"])
            return
        }
        if let newOptions = request.options { options = newOptions }
        if let settings = request.hubSettings { hub.updateSettings(settings) }
        logger.info("config reloaded", metadata: [
            "config.changed": "\(request.changed.isEmpty ? "nothing" : request.changed.joined(separator: ","))",
            "server.maxConnections": "\(options.maxConnections)",
        ])
        for key in request.needsRestart {
            logger.warning("config change needs a restart; the running value stays", metadata: ["config.key": "\(key)"])
        }
    }

    /// Re-reads the certificate and key from their paths; a pair OpenSSL refuses is logged and
    /// the one in use stays. New handshakes use the new pair; open connections keep theirs
    /// (OpenSSL copies the certificate into each connection when it is made).
    private func reloadCertificate() {
        guard let certificatePath = options.certificatePath, let keyPath = options.privateKeyPath, let context else { return }
        let certificate: TLSCertificate
        do {
            certificate = try TLSCertificate.check(certificate: certificatePath, privateKey: keyPath)
        } catch {
            logger.error("TLS reload refused; the certificate in use stays", metadata: ["reason": "\(error.description)"])
            return
        }
        // lws finds the listener by the paths it was made with, and loads the files again into its
        // SSL_CTX (the memory copies are only a fallback for files it can no longer read).
        lws_tls_cert_updated(context, certificatePath, keyPath, nil, 0, nil, 0)
        logger.info("TLS certificate reloaded", metadata: [
            "tls.subject": "\(certificate.subject)", "tls.serial": "\(certificate.serial)", "tls.notAfter": "\(certificate.notAfter)",
        ])
    }
}
