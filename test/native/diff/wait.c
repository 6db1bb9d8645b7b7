/* waitid and the futex ops have no helper in liburing 2.3 (they came in 2.5); golden vectors cover them.
 * This file keeps the group's place and checks the preps compile against the native headers. */
#include "harness.h"
