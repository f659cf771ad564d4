#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H

/* cairo from Debian (libcairo2-dev): posters of shared sessions and jobs, drawn as PNG. Text goes
   through cairo's FreeType/fontconfig backend, which finds the CJK font (fonts-wqy-microhei). */
#include <cairo.h>

#endif
