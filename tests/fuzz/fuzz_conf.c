/* fuzz_conf.c: libFuzzer harness for the configuration reader */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf	 cf;
	char		 err[256];

	memset(&cf, 0, sizeof(cf));
	conf_defaults(&cf);
	(void)conf_parse(&cf, (const char *)data, size, err, sizeof(err));
	conf_clear(&cf);
	return 0;
}
