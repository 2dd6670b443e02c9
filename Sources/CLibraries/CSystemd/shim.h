#ifndef WINDDOWN_CSYSTEMD_SHIM_H
#define WINDDOWN_CSYSTEMD_SHIM_H
// Without this, <systemd/sd-journal.h> turns sd_journal_sendv into a macro
// that prepends CODE_FILE/CODE_LINE/CODE_FUNC of *this header*; winddown
// sends the Swift caller's own location instead.
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

// sd_journal_send is variadic (and printf-style): Swift sends an array of
// "FIELD=value" iovecs through sd_journal_sendv instead.
static inline int winddown_journal_sendv(const struct iovec *iov, int n) { return sd_journal_sendv(iov, n); }

// SD_LISTEN_FDS_START is a macro: the first passed file descriptor (3).
static inline int winddown_listen_fds_start(void) { return SD_LISTEN_FDS_START; }

#endif
