#ifndef WINDDOWN_CSNDFILE_SHIM_H
#define WINDDOWN_CSNDFILE_SHIM_H
#include <sndfile.h>
#endif
