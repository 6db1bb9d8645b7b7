/* provide_buffers, remove_buffers. */
#include "prep.h"
#include "buffers.h"
