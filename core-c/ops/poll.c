/* poll add (one-shot, multishot), poll remove, poll update (events, user_data). */
#include "prep.h"
#include "poll.h"
