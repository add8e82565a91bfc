/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes through nlu_parse and date_match (built and run
 * by `make fuzz`). The first two bytes pick "now" so calendar edges
 * (month ends, leap days, year ends) get exercised too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "date.h"
#include "nlu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct date_now nows[] = {
		{2026, 3, 10, 2, 9, 0}, {2026, 12, 31, 4, 23, 59}, {2028, 2, 28, 1, 0, 0},
		{2028, 2, 29, 2, 12, 0}, {2026, 1, 1, 4, 0, 0}, {9999, 12, 30, 4, 10, 0},
		{1, 1, 1, 1, 0, 0}, {2026, 8, 31, 1, 17, 30},
	};
	struct date_now now = nows[size ? data[0] % (sizeof nows / sizeof nows[0]) : 0];
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct nlu_result r;
	nlu_parse(s, &now, &r);
	nlu_result_free(&r);
	char out[DATE_MAX];
	for (size_t i = 0; i < size && i < 64; i++)
		date_match(s + i, &now, out);
	free(s);
	return 0;
}
