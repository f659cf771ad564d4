#ifndef CQRENCODE_SHIM_H
#define CQRENCODE_SHIM_H

/* libqrencode from Debian (libqrencode-dev): the viewer link as a QR code for the stream overlay. */
#include <qrencode.h>

#endif
