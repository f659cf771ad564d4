#ifndef CLIBWEBSOCKETS_SHIM_H
#define CLIBWEBSOCKETS_SHIM_H

#include <libwebsockets.h>
#include <openssl/ssl.h>

/* LWS_PRE is a macro built from _LWS_PAD(); Swift cannot import it. */
static inline size_t CLibWebSockets_pre(void) { return LWS_PRE; }

/* lwsl_* are variadic macros; these let Swift choose the log levels by name. */
static inline int CLibWebSockets_logLevelsDefault(void) { return LLL_ERR | LLL_WARN | LLL_NOTICE; }
static inline int CLibWebSockets_logLevelsQuiet(void) { return LLL_ERR | LLL_WARN; }

/* SSL_OP_* are function-like macros in OpenSSL 3; Swift cannot import them.
   Refuses SSLv2/3, TLS 1.0 and 1.1 so the listener speaks TLS 1.2+ only. */
static inline long CLibWebSockets_sslOptionsTLS12Plus(void) {
    return (long)(SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
}

#endif
