/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Embedding the Kiln runtime in a C program: include kiln/kiln.h, link
 * libkiln_runtime, and check every status a call returns.
 */
#include <stdio.h>
#include <string.h>

#include "kiln/kiln.h"

int main(void) {
  /* A program built against one version's headers should refuse to run with
   * another version's library. */
  const char* version = kiln_version();
  if (strcmp(version, KILN_VERSION_STRING) != 0) {
    fprintf(stderr, "error: built with Kiln %s headers, runtime is %s\n",
            KILN_VERSION_STRING, version);
    return 1;
  }
  printf("Kiln runtime %s\n", version);
  return 0;
}
