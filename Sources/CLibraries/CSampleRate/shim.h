#ifndef WINDDOWN_CSAMPLERATE_SHIM_H
#define WINDDOWN_CSAMPLERATE_SHIM_H
#include <samplerate.h>
#endif
