// poll add (one-shot, multishot), poll remove, poll update (events, user_data).
export {};
