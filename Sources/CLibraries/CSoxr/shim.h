#ifndef WINDDOWN_CSOXR_SHIM_H
#define WINDDOWN_CSOXR_SHIM_H
#include <soxr.h>

// SOXR_HQ is a macro of a macro; give Swift the recipe numbers by name.
static inline unsigned long winddown_soxr_high_quality(void) { return SOXR_HQ; }
static inline unsigned long winddown_soxr_medium_quality(void) { return SOXR_MQ; }
static inline unsigned long winddown_soxr_very_high_quality(void) { return SOXR_VHQ; }
#endif
