/* fcgiout.h: a FastCGI response body as FCGI_STDOUT records, in few writes */
#ifndef FCGIOUT_H
#define FCGIOUT_H

#include <stddef.h>

/* Content per record: under FastCGI's 16-bit length and a multiple of 8,
 * so that a full record needs no padding (the last one has none: the
 * specification recommends alignment, it does not require it). */
#define FCGIOUT_RECORD	65528

/*
 * Write parts[0 .. nparts-1] (lens[i] bytes each, one stream) to fd as
 * FCGI_STDOUT records of request id, each FCGIOUT_RECORD bytes but the
 * last, with one writev() for up to 32 records (2 MB; the socket may
 * take less: the rest follows).  libfcgi's stream writes 8 KB at a
 * time: a 70 KB list page was nine writes, each waking the web server.
 * No empty record (the end of the stream is FCGX_Finish_r's).  Returns
 * 0, or -1 with errno when a write fails (the peer gone); what was
 * written stays written.  Nothing is kept.
 */
int	fcgiout_write(int fd, unsigned int id, const char *const *parts,
	    const size_t *lens, size_t nparts);

#endif
