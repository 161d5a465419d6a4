/* fuzz_csv.c: libFuzzer harness for the CSV parser of the referrer import */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a = { NULL };
	struct csv_row	*rows;
	size_t		 n, i, j, line = 0;
	int		 more;
	char		 sep;

	sep = csv_sniff((const char *)data, size);
	if (sep != ',' && sep != ';')
		__builtin_trap();
	n = csv_parse(&a, (const char *)data, size, sep, 4, 50, &rows, &more);
	if (n > 50)
		__builtin_trap();
	for (i = 0; i < n; i++) {
		/* Lines grow; good rows hold valid, bounded UTF-8 fields. */
		if (rows[i].line <= line && i > 0)
			__builtin_trap();
		line = rows[i].line;
		if (rows[i].err != CSV_OK)
			continue;
		if (rows[i].nfields > 4)
			__builtin_trap();
		for (j = 0; j < rows[i].nfields; j++)
			if (strlen(rows[i].fields[j]) > CSV_FIELD_MAX ||
			    !utf8_valid(rows[i].fields[j], strlen(rows[i].fields[j])))
				__builtin_trap();
	}
	arena_free(&a);
	return 0;
}
