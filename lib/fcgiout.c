/* fcgiout.c: a FastCGI response body as FCGI_STDOUT records, in few writes */
#include "config.h"

#include <sys/uio.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "fcgiout.h"

#define FCGIOUT_BATCH	32	/* records a writev() (2 MB) */
#define FCGI_VERSION_1	1
#define FCGI_STDOUT	6

/* Write all of iov[0 .. n-1], however much each writev() takes; iov is
 * used up. */
static int
out_all(int fd, struct iovec *iov, int n)
{
	ssize_t	 got;

	while (n > 0) {
		if ((got = writev(fd, iov, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (; n > 0 && (size_t)got >= iov->iov_len; iov++, n--)
			got -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + got;
			iov->iov_len -= (size_t)got;
		}
	}
	return 0;
}

/* The 8-byte header of a record of len bytes (FastCGI 1.0, section 3.3). */
static void
rec_header(unsigned char h[8], unsigned int id, size_t len)
{
	h[0] = FCGI_VERSION_1;
	h[1] = FCGI_STDOUT;
	h[2] = (unsigned char)(id >> 8);
	h[3] = (unsigned char)id;
	h[4] = (unsigned char)(len >> 8);
	h[5] = (unsigned char)len;
	h[6] = 0;			/* no padding */
	h[7] = 0;
}

/* The iovecs of the writes to come: out_add() writes them when full. */
struct fcgiout_iov {
	int		 fd;
	int		 n;
	struct iovec	 iov[FCGIOUT_BATCH * 2];
};

static int
out_add(struct fcgiout_iov *o, const void *p, size_t len)
{
	if (o->n == (int)(sizeof(o->iov) / sizeof(o->iov[0]))) {
		if (out_all(o->fd, o->iov, o->n) == -1)
			return -1;
		o->n = 0;
	}
	o->iov[o->n].iov_base = (void *)p;
	o->iov[o->n++].iov_len = len;
	return 0;
}

int
fcgiout_write(int fd, unsigned int id, const char *const *parts,
    const size_t *lens, size_t nparts)
{
	struct fcgiout_iov	 o;
	unsigned char	 hdr[FCGIOUT_BATCH][8];
	size_t		 i, off = 0, left = 0, take, rec;
	int		 k;

	o.fd = fd;
	o.n = 0;
	for (i = 0; i < nparts; i++)
		left += lens[i];
	i = 0;
	while (left > 0) {
		/* Up to FCGIOUT_BATCH records: a header each, then its
		 * pieces of the parts. */
		for (k = 0; k < FCGIOUT_BATCH && left > 0; k++) {
			rec = left < FCGIOUT_RECORD ? left : FCGIOUT_RECORD;
			left -= rec;
			rec_header(hdr[k], id, rec);
			if (out_add(&o, hdr[k], 8) == -1)
				return -1;
			while (rec > 0) {
				if (off == lens[i]) {
					i++;
					off = 0;
					continue;
				}
				take = lens[i] - off < rec ? lens[i] - off : rec;
				if (out_add(&o, parts[i] + off, take) == -1)
					return -1;
				off += take;
				rec -= take;
			}
		}
		if (out_all(fd, o.iov, o.n) == -1)
			return -1;
		o.n = 0;
	}
	return 0;
}
