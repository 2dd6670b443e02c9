#ifndef WINDDOWN_CALSA_SHIM_H
#define WINDDOWN_CALSA_SHIM_H
#include <alsa/asoundlib.h>

// Swift cannot import alsa-lib's *_alloca macros, so parameter containers
// are heap-allocated through these wrappers and freed by their Swift owner.
static inline int winddown_hw_params_malloc(snd_pcm_hw_params_t **p) { return snd_pcm_hw_params_malloc(p); }
static inline int winddown_sw_params_malloc(snd_pcm_sw_params_t **p) { return snd_pcm_sw_params_malloc(p); }

// alsa-lib prints its own diagnostics to stderr by default; winddown reports
// every failure itself (with the call, the device and snd_strerror), so the
// library's copy is noise in the journal.
static void winddown_alsa_silent_error(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}
static inline void winddown_silence_alsa_errors(void) { snd_lib_error_set_handler(winddown_alsa_silent_error); }

// Negative errno values that the recovery switch needs by name.
static inline int winddown_epipe(void) { return -EPIPE; }
static inline int winddown_estrpipe(void) { return -ESTRPIPE; }
static inline int winddown_eagain(void) { return -EAGAIN; }
static inline int winddown_enodev(void) { return -ENODEV; }
#endif
