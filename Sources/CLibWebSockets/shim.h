#ifndef CLIBWEBSOCKETS_SHIM_H
#define CLIBWEBSOCKETS_SHIM_H

#include <libwebsockets.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/err.h>
#include <openssl/bn.h>

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

/* lws_sul callbacks get only the list entry; embedding it first in a struct with an owner
   pointer lets the callback find the Swift object (lws 4.1 deprecated timed protocol callbacks). */
typedef struct CLibWebSockets_Timer {
    lws_sorted_usec_list_t sul;
    void *owner;
} CLibWebSockets_Timer;

static inline void *CLibWebSockets_timerOwner(lws_sorted_usec_list_t *sul) {
    return ((CLibWebSockets_Timer *)sul)->owner;
}

/* The lwsl level bits are macros; these name the two the log bridge needs. */
static inline int CLibWebSockets_isErrorLevel(int level) { return (level & LLL_ERR) != 0; }
static inline int CLibWebSockets_isWarningLevel(int level) { return (level & LLL_WARN) != 0; }

/* OPENSSL_free is a macro (it passes __FILE__ and __LINE__); frees what BN_bn2hex returns. */
static inline void CLibWebSockets_opensslFree(void *pointer) { OPENSSL_free(pointer); }

#endif
