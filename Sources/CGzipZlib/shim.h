#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

/* deflateInit2 is a macro over deflateInit2_ (it passes the version and the stream's size);
   Swift cannot import it. windowBits 15 + 16 asks for a gzip wrapper rather than zlib's. */
static inline int CZlib_deflateInitGzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/* inflateInit2 is a macro over inflateInit2_; 15 + 32 accepts gzip or zlib (for tests). */
static inline int CZlib_inflateInitAuto(z_streamp stream) {
    return inflateInit2(stream, 15 + 32);
}

#endif
