/* waitid, futex wait / wake / waitv. */
#include "prep.h"
#include "wait.h"
