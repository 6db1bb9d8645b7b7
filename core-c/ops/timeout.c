/* timeout, timeout remove and update, link timeout. */
#include "prep.h"
#include "timeout.h"
