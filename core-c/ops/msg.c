/* msg_ring: data, data with CQE flags, passing a fixed file. */
#include "prep.h"
#include "msg.h"
