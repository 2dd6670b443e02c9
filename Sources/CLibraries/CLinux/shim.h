#ifndef WINDDOWN_CLINUX_SHIM_H
#define WINDDOWN_CLINUX_SHIM_H
// Linux's event file descriptors, which Swift's Glibc module leaves out:
// a wall-clock timer that also reports clock changes, a counter other
// threads write to wake a poll, file-system change notices, and signals
// read as data (the bridges' poll loops); and the kernel's random bytes
// (the web page's token).
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

// TFD_TIMER_CANCEL_ON_SET is an enum member in glibc's header.
static inline int winddown_tfd_timer_cancel_on_set(void) { return TFD_TIMER_CANCEL_ON_SET; }
#endif
